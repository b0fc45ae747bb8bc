// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;

namespace DcacheStress.Workload.Explore;

/// <summary>What one explore run does (the CLI's options, validated there).</summary>
public sealed class ExploreOptions
{
    /// <summary>The patch under test.</summary>
    public required Patch Patch { get; init; }

    /// <summary>A fixed scenario; null: programs generated from <see cref="Workload"/>'s op mix.</summary>
    public ExploreProgram? Scenario { get; init; }

    /// <summary>The op mix generated programs are drawn from.</summary>
    public WorkloadKind Workload { get; init; } = WorkloadKind.OpenStorm;

    /// <summary>How generated programs are drawn.</summary>
    public ProgramShape Shape { get; init; } = ProgramShape.Mix;

    /// <summary>Tasks per generated program (2–5).</summary>
    public int Threads { get; init; } = 3;

    /// <summary>Operations per task of a generated program.</summary>
    public int Ops { get; init; } = 2;

    /// <summary>Names of the race directory in a generated program.</summary>
    public int Names { get; init; } = 2;

    /// <summary>"mix" (PCT and the random walk by turns), "pct", "pb" or "random".</summary>
    public string Strategy { get; init; } = "mix";

    /// <summary>The points change points (PCT) and preemptions (pb) are drawn among.</summary>
    public ChangePoints Points { get; init; } = ChangePoints.Sites;

    /// <summary>PCT's bug depth d; pb's largest preemption bound.</summary>
    public int Depth { get; init; } = 3;

    /// <summary>Executions per generated program before the next one.</summary>
    public int PerProgram { get; init; } = DefaultPerProgram;

    /// <summary>
    /// Executions per generated program unless told: few, since most programs of a shape cannot
    /// race at all, and a program that can is hit by the random walk in a good share of its
    /// executions (docs/explore.md, "Strategies").
    /// </summary>
    public const int DefaultPerProgram = 10;

    /// <summary>Stop after this many executions (null: no count limit).</summary>
    public long? MaxExecutions { get; init; }

    /// <summary>Stop after this long (null: no time limit).</summary>
    public TimeSpan? MaxTime { get; init; }

    /// <summary>Root seed: every program and execution derives from it.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Independent explorers in parallel (one per core by default).</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>This run's share of a fleet: task <see cref="ShardIndex"/> of <see cref="ShardCount"/> (0 of 1 alone).</summary>
    public int ShardIndex { get; init; }

    /// <summary>Tasks of the fleet that share one seed's programs (1: a run on its own).</summary>
    public int ShardCount { get; init; } = 1;

    /// <summary>
    /// How long each job runs uncounted executions before the clock starts (stress's warm-up is the
    /// same 300 ms); at least one execution runs whatever this says.
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Invariant sites on (false only in tests that prove findings come from detection).</summary>
    public bool Detection { get; init; } = true;

    /// <summary>Shrink a finding (fewest ops, fewest preemptions).</summary>
    public bool Shrink { get; init; } = true;

    // k before the first execution has measured it: about one short execution's candidate points.
    private long InitialK => Points == ChangePoints.Sites ? 16 : 2000;

    /// <summary>A strategy for program <paramref name="programSeed"/>.</summary>
    public ISchedulingStrategy CreateStrategy(ulong programSeed) => Strategy switch
    {
        "pct" => new PctStrategy(programSeed, Depth, InitialK, Points),
        "pb" => new PreemptionBoundedStrategy(programSeed, Depth, InitialK, Points),
        "random" => new RandomWalkStrategy(programSeed, Points),
        "mix" => new MixedStrategy(programSeed, Depth, InitialK, Points),
        _ => throw new ArgumentException($"unknown strategy '{Strategy}' (allowed: mix, pct, pb, random)"),
    };
}
