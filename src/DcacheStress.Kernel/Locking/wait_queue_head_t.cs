// SPDX-License-Identifier: GPL-2.0-only
// wait_queue_head_t, ported from include/linux/wait.h and kernel/sched/wait.c (Linux v4.7).
namespace DcacheStress.Kernel.Locking;

/// <summary>
/// <c>wait_queue_head_t</c>: a spinlock and a list of sleepers. <c>d_alloc_parallel</c> callers pass
/// one in (the kernel's is on their stack) and it is reachable through <c>dentry.d_wait</c> only
/// while the dentry is in-lookup. <see cref="wake_up_all"/> is virtual so that a test can plant a
/// queue that drops a wake-up and prove the tests catch it.
/// </summary>
public class wait_queue_head_t
{
    private spinlock_t _lock;     // mutable struct: never readonly
    private wait_queue_t? _first; // sleepers, newest first, under _lock

    /// <summary><c>add_wait_queue()</c>.</summary>
    public void add_wait_queue(wait_queue_t wait)
    {
        _lock.spin_lock();
        wait.next_waiter = _first;
        _first = wait;
        _lock.spin_unlock();
    }

    /// <summary>Number of queued sleepers (tests).</summary>
    public int waiters
    {
        get
        {
            _lock.spin_lock();
            int n = 0;
            for (var w = _first; w is not null; w = w.next_waiter)
                n++;
            _lock.spin_unlock();
            return n;
        }
    }

    /// <summary>
    /// <c>wake_up_all()</c>: wake every sleeper. As with <c>default_wake_function</c> in 4.7 the
    /// entries stay linked (the queue head is forgotten by its only user right after).
    /// </summary>
    public virtual void wake_up_all()
    {
        _lock.spin_lock();
        for (var w = _first; w is not null; w = w.next_waiter)
            w.wake();
        _lock.spin_unlock();
    }
}
