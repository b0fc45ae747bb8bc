// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload;

/// <summary>
/// A target's crash figures at one moment (<see cref="CrashAccounting.Totals"/>): what the
/// reports, the metrics and a checkpoint carry. Ops "at risk" are those run in a boot before its
/// crash (or its end): the exposure of the crash rate. Ops after a crash, until the workers left
/// the crashed instance, are counted apart, as are the hits they made.
/// </summary>
public sealed record CrashTotals
{
    /// <summary>Boots started (the first one included).</summary>
    public int Boots { get; init; } = 1;

    /// <summary>Crashes (at most one per boot).</summary>
    public int Crashes => (int)CrashesByInvariant.Values.Sum();

    /// <summary>Crashes by the kernel BUG site that fired.</summary>
    public SortedDictionary<string, long> CrashesByInvariant { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Ops run in boots before their crash: the crash rate's exposure.</summary>
    public long OpsAtRisk { get; init; }

    /// <summary>Ops run in crashed boots after the crash, before the workers left them.</summary>
    public long OpsAfterCrash { get; init; }

    /// <summary>Ops to crash of each crash, in order (the first <see cref="CrashAccounting.MaxKept"/>).</summary>
    public List<long> OpsToCrash { get; init; } = [];

    /// <summary>Active seconds from boot to crash of each crash, in order (as <see cref="OpsToCrash"/>).</summary>
    public List<double> SecondsToCrash { get; init; } = [];

    /// <summary>Active seconds of the patch at its first crash; null when none.</summary>
    public double? FirstCrashSeconds { get; init; }

    /// <summary>Root-cause hits in boots that had not crashed (bursts included).</summary>
    public long RootCauseHits { get; init; }

    /// <summary>Boots with at least one root-cause hit before any crash.</summary>
    public int BootsWithRootCause { get; init; }

    /// <summary>
    /// Ops from each boot's start to its first root-cause hit (or its crash, or its end when it had
    /// none): the exposure of the "boots with a root-cause hit" rate, which counts a burst once.
    /// </summary>
    public long OpsToRootCauseExposure { get; init; }

    /// <summary>Hits in crashed boots after their crash, by invariant (never in a rate).</summary>
    public SortedDictionary<string, long> AfterCrashHits { get; init; } = new(StringComparer.Ordinal);
}
