// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload;

/// <summary>
/// The cumulative figures of a run, enough to continue it after a crash (<c>--resume</c>): per
/// patch the op counts, hits, observations, active seconds, first hit and rounds, plus the run's
/// seed, settings and elapsed time. Written atomically by the service at least every 10 s.
/// </summary>
public sealed record EngineCheckpoint
{
    /// <summary>Format version.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Run seed.</summary>
    public ulong Seed { get; init; }

    /// <summary>Workload name.</summary>
    public string Workload { get; init; } = "";

    /// <summary>Worker threads.</summary>
    public int Threads { get; init; }

    /// <summary>Patches in order.</summary>
    public List<string> Patches { get; init; } = [];

    /// <summary>Wall-clock seconds the run had lasted.</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>Next round slot (so the A B A B order continues).</summary>
    public int NextSlot { get; init; }

    /// <summary>Per-patch totals.</summary>
    public List<TargetCheckpoint> Targets { get; init; } = [];
}

/// <summary>One patch's cumulative figures.</summary>
public sealed record TargetCheckpoint
{
    /// <summary>Patch name.</summary>
    public string Patch { get; init; } = "";

    /// <summary>Ops by "op/result" label pair.</summary>
    public Dictionary<string, long> Ops { get; init; } = [];

    /// <summary>Component lookups.</summary>
    public long Lookups { get; init; }

    /// <summary>Seqcount retries.</summary>
    public long SeqRetries { get; init; }

    /// <summary>Invariant hits by name.</summary>
    public Dictionary<string, long> Hits { get; init; } = [];

    /// <summary>Observations by name.</summary>
    public Dictionary<string, long> Observations { get; init; } = [];

    /// <summary>Active seconds.</summary>
    public double ActiveSeconds { get; init; }

    /// <summary>First hit (active seconds), null if none.</summary>
    public double? FirstHitSeconds { get; init; }

    /// <summary>Crashes, boots and root-cause hits per boot (null in checkpoints written before issue 13).</summary>
    public CrashTotals? Crash { get; init; }

    /// <summary>Rounds so far.</summary>
    public List<RoundRecord> Rounds { get; init; } = [];
}
