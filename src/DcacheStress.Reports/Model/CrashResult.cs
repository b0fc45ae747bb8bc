// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Model;

/// <summary>
/// One patch's crash figures (issue 13, D13): a crash is the first kernel-BUG-class hit of a boot,
/// which the kernel would not have survived. Ops "at risk" ran in a boot before its crash (the
/// crash rate's exposure); ops and hits after a crash in the same boot are counted apart and never
/// enter a rate. Root-cause hits are counted per boot as well, so that a burst counts once.
/// Absent (null) in reports written before issue 13.
/// </summary>
public sealed class CrashResult
{
    /// <summary>What a crash did: <c>reboot</c> (a fresh boot went on) or <c>continue</c> (the crashed instance went on).</summary>
    public string OnBug { get; init; } = "reboot";

    /// <summary>Boots started, the first one included.</summary>
    public int Boots { get; init; } = 1;

    /// <summary>Crashes (at most one per boot).</summary>
    public long Crashes { get; init; }

    /// <summary>Crashes by the kernel BUG site that fired.</summary>
    public IReadOnlyDictionary<string, long> CrashesByInvariant { get; init; } = new Dictionary<string, long>();

    /// <summary>Ops run in boots before their crash (or end): the exposure of the crash rate.</summary>
    public long OpsAtRisk { get; init; }

    /// <summary>Ops run in crashed boots after the crash, until the workers left them.</summary>
    public long OpsAfterCrash { get; init; }

    /// <summary>Active seconds of the patch at its first crash; null when none.</summary>
    public double? FirstCrashSeconds { get; init; }

    /// <summary>Ops from boot to crash, one per crash in order (the first 100,000).</summary>
    public IReadOnlyList<long> OpsToCrash { get; init; } = [];

    /// <summary>Active seconds from boot to crash, as <see cref="OpsToCrash"/>.</summary>
    public IReadOnlyList<double> SecondsToCrash { get; init; } = [];

    /// <summary>Root-cause hits in boots that had not crashed (bursts included).</summary>
    public long RootCauseHits { get; init; }

    /// <summary>Boots with at least one root-cause hit before any crash.</summary>
    public int BootsWithRootCause { get; init; }

    /// <summary>Ops from each boot's start to its first root-cause hit (or crash, or end): the exposure of the root-cause boot rate.</summary>
    public long RootCauseExposureOps { get; init; }

    /// <summary>Hits in crashed boots after their crash, by invariant (consequences, maybe; never in a rate).</summary>
    public IReadOnlyDictionary<string, long> AfterCrashHits { get; init; } = new Dictionary<string, long>();
}
