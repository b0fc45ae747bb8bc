// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>
/// A scheduler that runs exactly one of its tasks at a time (explore mode). The ported code calls
/// it through <see cref="SchedHooks"/> on the task's own thread: at a point the task may lose the
/// CPU to another task; a task that would spin or sleep <see cref="Block"/>s instead, so that a
/// waiting task never burns the schedule.
/// </summary>
public interface IControlledScheduler
{
    /// <summary>The calling task reached <paramref name="point"/>; returns when it is chosen to run again.</summary>
    void Point(SchedPoint point, int arg);

    /// <summary>
    /// The calling task cannot go on until another task makes progress (a lock it wants is held, a
    /// writer is inside a seqcount section, it sleeps on a wait queue): it is not runnable until
    /// some other task passes a release point. The caller re-checks its condition on return.
    /// </summary>
    void Block(SchedPoint point);
}
