// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>
/// Kinds of scheduling points a controlled scheduler sees (explore mode): lock acquires and
/// releases, seqcount reads and retries, sleeps and wake-ups, race-window sites. Release kinds
/// (<see cref="SchedPoints.IsRelease"/>) make the tasks that were blocked spinning or sleeping
/// runnable again.
/// </summary>
public enum SchedPoint : byte
{
    /// <summary><c>spin_lock()</c>/<c>spin_trylock()</c> of a <c>spinlock_t</c> (i_lock, wait queue lock, rename_lock).</summary>
    spin_lock,
    /// <summary><c>spin_unlock()</c> of a <c>spinlock_t</c>.</summary>
    spin_unlock,
    /// <summary><c>spin_lock(&amp;dentry->d_lock)</c> (the lockref's lock bit).</summary>
    d_lock,
    /// <summary><c>spin_unlock(&amp;dentry->d_lock)</c>.</summary>
    d_unlock,
    /// <summary><c>hlist_bl_lock()</c>: a hash or in-lookup bucket's bit lock.</summary>
    hlist_bl_lock,
    /// <summary><c>hlist_bl_unlock()</c>.</summary>
    hlist_bl_unlock,
    /// <summary><c>down_read()</c>/<c>down_write()</c> of <c>i_rwsem</c>.</summary>
    down,
    /// <summary><c>up_read()</c>/<c>up_write()</c> of <c>i_rwsem</c>.</summary>
    up,
    /// <summary>A seqcount read section begins (<c>raw_seqcount_begin</c>, <c>read_seqcount_begin</c>).</summary>
    read_seqcount_begin,
    /// <summary>A seqcount retry check (<c>read_seqcount_retry</c>).</summary>
    read_seqcount_retry,
    /// <summary><c>write_seqcount_begin()</c>.</summary>
    write_seqcount_begin,
    /// <summary><c>write_seqcount_end()</c>/<c>write_seqcount_invalidate()</c>.</summary>
    write_seqcount_end,
    /// <summary><c>schedule()</c>: a sleep on a wait queue.</summary>
    schedule,
    /// <summary><c>try_to_wake_up()</c>: a sleeper set running.</summary>
    wake,
    /// <summary><c>cpu_relax()</c> in a retry loop: wait for some other task to make progress.</summary>
    cpu_relax,
    /// <summary>A named race-window site (<see cref="RaceSite"/> in the argument).</summary>
    race_window,
}

/// <summary>Names and classes of <see cref="SchedPoint"/>.</summary>
public static class SchedPoints
{
    /// <summary>True for points after which a blocked task may be able to go on.</summary>
    public static bool IsRelease(SchedPoint p) =>
        p is SchedPoint.spin_unlock or SchedPoint.d_unlock or SchedPoint.hlist_bl_unlock or SchedPoint.up
            or SchedPoint.write_seqcount_end or SchedPoint.wake;

    /// <summary>
    /// Whether the release <paramref name="release"/> may let a task that blocked at
    /// <paramref name="blockedAt"/> go on: an i_rwsem waiter only after an <c>up</c>, a spinner on a
    /// lock only after that kind of lock's unlock, a seqcount reader only after a writer's end, a
    /// sleeper only after a wake-up; a <c>cpu_relax</c> retry loop after any release.
    /// </summary>
    public static bool MayFree(SchedPoint release, SchedPoint blockedAt) => blockedAt switch
    {
        SchedPoint.down => release == SchedPoint.up,
        SchedPoint.d_lock => release == SchedPoint.d_unlock,
        SchedPoint.spin_lock => release == SchedPoint.spin_unlock,
        SchedPoint.hlist_bl_lock => release == SchedPoint.hlist_bl_unlock,
        SchedPoint.read_seqcount_begin => release == SchedPoint.write_seqcount_end,
        SchedPoint.schedule => release == SchedPoint.wake,
        _ => true,
    };

    /// <summary>Kernel-terms name of a point ("d_lock", "race window nfs_atomic_open:after_d_drop").</summary>
    public static string Describe(SchedPoint p, int arg) =>
        p == SchedPoint.race_window ? RaceSites.Name((RaceSite)arg) : p.ToString();
}
