// SPDX-License-Identifier: GPL-2.0-only
// The contended path shared by the port's int-word spinlocks (spinlock_t, the hlist_bl bit lock).
using System.Runtime.CompilerServices;

namespace DcacheStress.Kernel.Locking;

/// <summary>
/// Slow path of a test-and-test-and-set lock on an int word (0 free, 1 held): the kernel's
/// contended spin (<c>queued_spin_lock_slowpath</c>, <c>bit_spin_lock</c>'s inner loop) for user
/// threads, which can be preempted while holding the lock — so it spins briefly, then yields,
/// never sleeping 1 ms. Records <paramref name="wchan"/> for the watchdog while it waits.
/// </summary>
internal static class spin_slowpath
{
    /// <summary>Wait until the word is free and take it with a CAS (the ACQUIRE).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void acquire(ref int word, string wchan, SchedPoint point)
    {
        if (SchedHooks.Controller() is { } controller)
        {
            // Explore: never spin while another task holds the CPU; wait for a release instead.
            while (Volatile.Read(ref word) != 0 || Interlocked.CompareExchange(ref word, 1, 0) != 0)
                controller.Block(point);
            return;
        }
        var spinner = new SpinWait();
        var task = task_struct.current;
        task.wchan = wchan;
        // Test before test-and-set keeps the line shared while someone holds it.
        while (Volatile.Read(ref word) != 0 || Interlocked.CompareExchange(ref word, 1, 0) != 0)
            spinner.SpinOnce(sleep1Threshold: -1);
        task.wchan = null;
    }
}
