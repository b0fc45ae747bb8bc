// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Model;

/// <summary>Totals of one patch over the whole run, and its rounds.</summary>
public sealed class PatchResult
{
    /// <summary>Catalogue name of the patch (<c>v4.7</c>, <c>viro-2016-07-03</c>...).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The filesystem the patch belongs to (<c>nfs</c>, <c>lustre</c>); null in reports written
    /// before patches had one (those were all NFS).
    /// </summary>
    public string? Filesystem { get; init; }

    public required long Ops { get; init; }

    /// <summary>Seconds this patch was running (its rounds only).</summary>
    public required double ActiveSeconds { get; init; }

    public required double OpsPerSecond { get; init; }

    /// <summary>Invariant name → hits (the <c>Bug.On</c> sites).</summary>
    public required IReadOnlyDictionary<string, long> InvariantHits { get; init; }

    /// <summary>Observation name → count (interesting events that are not bugs).</summary>
    public required IReadOnlyDictionary<string, long> Observations { get; init; }

    /// <summary>Active seconds until the first invariant hit; null when there was none.</summary>
    public double? FirstHitSeconds { get; init; }

    public required long SeqcountRetries { get; init; }

    public required long Lookups { get; init; }

    /// <summary>Errors found by the end-of-run dcache consistency check.</summary>
    public required int FsckErrors { get; init; }

    public required IReadOnlyList<RoundResult> Rounds { get; init; }

    /// <summary>Crashes, boots and root-cause hits per boot; null in reports written before issue 13.</summary>
    public CrashResult? Crash { get; init; }

    /// <summary>Race-window delays per site and the hits they preceded; null with windows off or in older reports.</summary>
    public RaceWindowResult? RaceWindows { get; init; }
}
