// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;
using DcacheStress.Workload;

namespace DcacheStress.Service.Reporting;

/// <summary>One patch's figures at the end of a run (read after the workers are parked).</summary>
public sealed record PatchFigures
{
    /// <summary>Patch name.</summary>
    public required string Name { get; init; }

    /// <summary>Known correct.</summary>
    public required bool ExpectedClean { get; init; }

    /// <summary>The patch's filesystem (nfs, lustre).</summary>
    public string? Filesystem { get; init; }

    /// <summary>
    /// The patch's NFS open path still calls <c>d_exact_alias</c>, so it has 4.7's residual race
    /// (docs/findings.md), whose only signature is <c>hash.duplicate_name</c>.
    /// </summary>
    public bool TriesDExactAlias { get; init; }

    /// <summary>Operations.</summary>
    public required long Ops { get; init; }

    /// <summary>Seconds the patch was the running one.</summary>
    public required double ActiveSeconds { get; init; }

    /// <summary>Operations per active second (0 when it never ran).</summary>
    public double OpsPerSecond => ActiveSeconds > 0 ? Ops / ActiveSeconds : 0;

    /// <summary>Invariant hits by name (non-zero only).</summary>
    public required IReadOnlyDictionary<string, long> InvariantHits { get; init; }

    /// <summary>Observations by name (non-zero only).</summary>
    public required IReadOnlyDictionary<string, long> Observations { get; init; }

    /// <summary>Total invariant hits.</summary>
    public long TotalHits => InvariantHits.Values.Sum();

    /// <summary>Active seconds at the first hit; null when none.</summary>
    public double? FirstHitSeconds { get; init; }

    /// <summary>Seqcount retries.</summary>
    public required long SeqcountRetries { get; init; }

    /// <summary>Component lookups.</summary>
    public required long Lookups { get; init; }

    /// <summary>Structural errors found by the end-of-run fsck.</summary>
    public required IReadOnlyList<string> FsckErrors { get; init; }

    /// <summary>The fsck's one-line summary.</summary>
    public required string Fsck { get; init; }

    /// <summary>Rounds, in order.</summary>
    public required IReadOnlyList<RoundRecord> Rounds { get; init; }

    /// <summary>Crashes, boots and root-cause hits per boot.</summary>
    public CrashTotals Crash { get; init; } = new();

    /// <summary>What a crash did (<c>--on-bug</c>).</summary>
    public OnBug OnBug { get; init; }

    /// <summary>Race-window totals per site (null with windows off).</summary>
    public IReadOnlyList<RaceWindowSiteStats>? RaceWindowSites { get; init; }

    /// <summary>Hits credited to race windows (after-crash hits are not).</summary>
    public long RaceWindowHits { get; init; }

    /// <summary>Crashes credited to race windows.</summary>
    public long RaceWindowCrashes { get; init; }

    /// <summary>Read <paramref name="t"/>'s figures and run its fsck.</summary>
    public static PatchFigures Collect(PatchTarget t, bool quiescent, OnBug onBug = OnBug.Reboot)
    {
        FsckReport fsck = t.Dcache.fsck(quiescent);
        return new PatchFigures
        {
            Name = t.Patch.Name,
            ExpectedClean = t.Patch.ExpectedClean,
            Filesystem = t.Filesystem,
            TriesDExactAlias = t.Patch.nfs4_open_tries_d_exact_alias,
            Ops = t.TotalOps,
            ActiveSeconds = t.ActiveSeconds,
            InvariantHits = Sorted(t.Dcache.bug.HitsByName()),
            Observations = Sorted(t.Dcache.bug.ObservationsByName()),
            FirstHitSeconds = t.FirstHitSeconds,
            SeqcountRetries = t.TotalSeqRetries,
            Lookups = t.TotalLookups,
            FsckErrors = [.. fsck.Errors],
            Fsck = fsck.ToString(),
            Rounds = [.. t.Rounds],
            Crash = t.Crash.Totals(t.TotalOps),
            OnBug = onBug,
            RaceWindowSites = t.Dcache.race.Policy is null ? null : t.Dcache.race.SiteStats(),
            RaceWindowHits = t.Dcache.race.AttributedHits,
            RaceWindowCrashes = t.Dcache.race.AttributedCrashes,
        };
    }

    private static SortedDictionary<string, long> Sorted(IDictionary<string, long> map) => new(map, StringComparer.Ordinal);
}
