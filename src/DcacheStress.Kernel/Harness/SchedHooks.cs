// SPDX-License-Identifier: GPL-2.0-only
using System.Runtime.CompilerServices;

namespace DcacheStress.Kernel;

/// <summary>
/// The scheduling-point hooks of the locking primitives (explore mode). Off — no controlled
/// scheduler alive in the process — a hook is one load of a static field and a predictable branch
/// (bench: LockHookBenchmarks). On, the slow path asks the calling thread's <c>current</c> for its
/// <see cref="task_struct.scheduler"/>; threads that no scheduler controls run on untouched.
/// </summary>
public static class SchedHooks
{
    private static int s_controlled; // live controlled schedulers in this process (0 = off)

    /// <summary>True while some controlled scheduler is alive in the process.</summary>
    public static bool Active
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_controlled != 0;
    }

    /// <summary>A scheduler starts controlling tasks.</summary>
    public static void Attach() => Interlocked.Increment(ref s_controlled);

    /// <summary>A scheduler stops controlling tasks.</summary>
    public static void Detach() => Interlocked.Decrement(ref s_controlled);

    /// <summary>A scheduling point: the caller may lose the CPU to another controlled task here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Point(SchedPoint point, int arg = 0)
    {
        if (s_controlled != 0)
            PointSlow(point, arg);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PointSlow(SchedPoint point, int arg) => task_struct.current.scheduler?.Point(point, arg);

    /// <summary>The calling task's scheduler when it is controlled (slow paths only), else null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IControlledScheduler? Controller() => s_controlled != 0 ? task_struct.current.scheduler : null;

    /// <summary>
    /// Before a <c>goto retry</c> whose condition only another task can change (a writer inside
    /// <c>i_dir_seq</c>, a dentry being killed): a controlled task waits for another task's release;
    /// for everybody else this is the branch on <see cref="Active"/> and nothing more.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Retry()
    {
        if (s_controlled != 0)
            task_struct.current.scheduler?.Block(SchedPoint.cpu_relax);
    }

    /// <summary>
    /// <c>cpu_relax()</c> in a retry loop: a controlled task waits for another task's progress;
    /// an uncontrolled one spins once (<see cref="Thread.SpinWait"/>) or yields (<paramref name="yield"/>).
    /// </summary>
    public static void cpu_relax(bool yield = false)
    {
        if (Controller() is { } s)
            s.Block(SchedPoint.cpu_relax);
        else if (yield)
            Thread.Yield();
        else
            Thread.SpinWait(1);
    }
}
