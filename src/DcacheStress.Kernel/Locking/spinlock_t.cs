// SPDX-License-Identifier: GPL-2.0-only
// spinlock_t, ported from include/linux/spinlock.h semantics (Linux v4.7).
using System.Runtime.CompilerServices;

namespace DcacheStress.Kernel.Locking;

/// <summary>
/// <c>spinlock_t</c>: one word, taken with a compare-and-swap (acquire) and released with a
/// store-release. Unlike the kernel, a user-space holder can be preempted, so waiters spin a
/// little and then yield the CPU instead of spinning for a whole time slice.
/// <para>A mutable struct: it must live in a non-readonly field and be passed by ref.</para>
/// </summary>
public struct spinlock_t
{
    private int _locked; // 0 = free, 1 = held. Written only by CAS (lock) and Volatile.Write (unlock).

    /// <summary><c>spin_lock()</c>: acquire; fast path is one CAS.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void spin_lock()
    {
        SchedHooks.Point(SchedPoint.spin_lock); // explore: another task may run before we try
        // The CAS is a full barrier: it orders the critical section after the acquisition (ACQUIRE).
        if (Interlocked.CompareExchange(ref _locked, 1, 0) != 0)
            spin_lock_slow();
    }

    private void spin_lock_slow() => spin_slowpath.acquire(ref _locked, "spin_lock", SchedPoint.spin_lock);

    /// <summary><c>spin_trylock()</c>: one attempt; true when taken.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool spin_trylock()
    {
        SchedHooks.Point(SchedPoint.spin_lock);
        return Volatile.Read(ref _locked) == 0 && Interlocked.CompareExchange(ref _locked, 1, 0) == 0;
    }

    /// <summary><c>spin_unlock()</c>: store-release; pairs with the CAS in <see cref="spin_lock"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void spin_unlock()
    {
        Volatile.Write(ref _locked, 0);
        SchedHooks.Point(SchedPoint.spin_unlock); // explore: a release; blocked spinners may go on
    }

    /// <summary><c>spin_is_locked()</c>.</summary>
    public readonly bool spin_is_locked() => Volatile.Read(in _locked) != 0;
}
