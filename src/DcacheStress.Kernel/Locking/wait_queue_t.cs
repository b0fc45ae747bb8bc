// SPDX-License-Identifier: GPL-2.0-only
// wait_queue_t and the task-state handshake of include/linux/wait.h and kernel/sched (Linux v4.7).
namespace DcacheStress.Kernel.Locking;

/// <summary>
/// One sleeper (<c>DECLARE_WAITQUEUE(wait, current)</c>). The kernel's "set_current_state, unlock,
/// schedule()" handshake is modelled with a state word checked under this object's monitor: a
/// wake-up that lands between the unlock and <see cref="schedule"/> is never lost, because
/// <see cref="schedule"/> returns at once when the state is already <see cref="TASK_RUNNING"/>.
/// </summary>
public sealed class wait_queue_t
{
    /// <summary>Runnable.</summary>
    public const int TASK_RUNNING = 0;
    /// <summary>Sleeping until woken.</summary>
    public const int TASK_UNINTERRUPTIBLE = 2;

    private int _state = TASK_RUNNING;
    internal wait_queue_t? next_waiter; // link on wait_queue_head_t (under its lock)

    /// <summary>Name of the sleeping thread (diagnostics, watchdog).</summary>
    public string? comm { get; init; }

    /// <summary><c>set_current_state(state)</c>: followed by a full barrier, as in the kernel.</summary>
    public void set_current_state(int state)
    {
        lock (this)
            _state = state;
    }

    /// <summary><c>schedule()</c>: sleep until some waker set us running.</summary>
    public void schedule()
    {
        if (SchedHooks.Controller() is { } controller)
        {
            // Explore: give the CPU back until some waker has set us running.
            while (Volatile.Read(ref _state) != TASK_RUNNING)
                controller.Block(SchedPoint.schedule);
            return;
        }
        lock (this)
        {
            while (_state != TASK_RUNNING)
                Monitor.Wait(this);
        }
    }

    /// <summary><c>schedule_timeout()</c> for tests: false when it timed out still asleep.</summary>
    public bool schedule_timeout(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (this)
        {
            while (_state != TASK_RUNNING)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    return false;
                Monitor.Wait(this, left);
            }
        }
        return true;
    }

    /// <summary><c>try_to_wake_up()</c> via <c>default_wake_function</c>: set running and signal.</summary>
    internal void wake()
    {
        lock (this)
        {
            _state = TASK_RUNNING;
            Monitor.PulseAll(this);
        }
        SchedHooks.Point(SchedPoint.wake); // explore: the sleeper is runnable again
    }
}
