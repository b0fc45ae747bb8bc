// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>
/// One context switch of a recorded schedule: when task <see cref="From"/> (-1: nobody, the
/// start) reaches its <see cref="AtPoint"/>-th scheduling point, task <see cref="To"/> runs.
/// <see cref="Preemption"/> is true when <see cref="From"/> could have gone on.
/// Keyed by the task's own point count, not the global step, so that removing one switch while
/// shrinking leaves the others meaning what they meant.
/// </summary>
public sealed record ScheduleSwitch(int From, int AtPoint, int To, bool Preemption);
