// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Explore;

/// <summary>
/// One scheduling point of an execution, as the trace shows it: task, point, argument, whether
/// the task blocked there, and (when recorded) the ported kernel function it was in.
/// </summary>
public readonly record struct ScheduleStep(int Task, SchedPoint Point, int Arg, bool Blocked, string? Function)
{
    /// <summary>"d_alloc_parallel: hlist_bl_lock (blocked)".</summary>
    public string Describe() =>
        $"{Function ?? "?"}: {SchedPoints.Describe(Point, Arg)}{(Blocked ? " (waits)" : "")}";
}
