// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>One controlled execution: how it ended, its length, its context switches, its trace.</summary>
public sealed record ExecutionResult(
    ExecutionEnd End,
    long Steps,
    IReadOnlyList<ScheduleSwitch> Switches,
    IReadOnlyList<ScheduleStep>? Trace,
    Exception? Fault)
{
    /// <summary>Task names by index: the program's (A, B, ...), then the world's kernel threads ("ldlm_bl_01@mnt1").</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>Points of the strategy's <see cref="ChangePoints"/> set (its k for this execution).</summary>
    public long Candidates { get; init; }

    /// <summary>Switches away from a task that could have gone on.</summary>
    public int Preemptions => Switches.Count(s => s.Preemption);
}
