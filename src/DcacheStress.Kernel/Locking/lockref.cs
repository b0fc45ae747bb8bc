// SPDX-License-Identifier: GPL-2.0-only
// struct lockref, ported from lib/lockref.c and include/linux/lockref.h (Linux v4.7).
using System.Runtime.CompilerServices;

namespace DcacheStress.Kernel.Locking;

/// <summary>
/// <c>struct lockref</c>: a spinlock and a reference count in one 64-bit word, so that the count can
/// be changed with one compare-and-swap while the lock is free (<c>CMPXCHG_LOOP</c>), and under the
/// lock otherwise. Layout of <c>lock_count</c>: bit 0 = the lock (<c>d_lock</c> for a dentry), the
/// high 32 bits = the signed count. Dead ⇔ count &lt; 0 (<c>lockref_mark_dead</c> sets -128).
/// <para>A mutable struct: it must live in a non-readonly field and be used by ref.</para>
/// </summary>
public struct lockref
{
    private const long LOCK_BIT = 1;
    private const long COUNT_ONE = 1L << 32;

    private long _lock_count;

    /// <summary><c>lockref.count</c> (<c>d_count()</c>): a racy snapshot unless the lock is held.</summary>
    public readonly int count => (int)(Volatile.Read(in _lock_count) >> 32);

    /// <summary>Initialise to count <paramref name="n"/>, unlocked (only before publication).</summary>
    public void init(int n) => _lock_count = (long)n << 32;

    private static bool unlocked(long v) => (v & LOCK_BIT) == 0;
    private static int count_of(long v) => (int)(v >> 32);

    // ---- the lock half: spin_lock(&d->d_lock) -------------------------------------------------

    /// <summary><c>spin_lock(&amp;lockref->lock)</c>: sets the lock bit with a CAS (acquire).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void spin_lock()
    {
        SchedHooks.Point(SchedPoint.d_lock); // explore: another task may run before we try
        long old = Volatile.Read(ref _lock_count);
        if (!unlocked(old) || Interlocked.CompareExchange(ref _lock_count, old | LOCK_BIT, old) != old)
            spin_lock_slow();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void spin_lock_slow()
    {
        if (SchedHooks.Controller() is { } controller)
        {
            // Explore: wait for a release instead of spinning while the holder cannot run.
            while (true)
            {
                long old = Volatile.Read(ref _lock_count);
                if (unlocked(old) && Interlocked.CompareExchange(ref _lock_count, old | LOCK_BIT, old) == old)
                    return;
                controller.Block(SchedPoint.d_lock);
            }
        }
        var spinner = new SpinWait();
        var task = task_struct.current;
        task.wchan = "d_lock";
        while (true)
        {
            long old = Volatile.Read(ref _lock_count);
            if (unlocked(old) && Interlocked.CompareExchange(ref _lock_count, old | LOCK_BIT, old) == old)
                break;
            spinner.SpinOnce(sleep1Threshold: -1); // spin then yield: the holder may be preempted
        }
        task.wchan = null;
    }

    /// <summary><c>spin_trylock(&amp;lockref->lock)</c>.</summary>
    public bool spin_trylock()
    {
        SchedHooks.Point(SchedPoint.d_lock);
        long old = Volatile.Read(ref _lock_count);
        return unlocked(old) && Interlocked.CompareExchange(ref _lock_count, old | LOCK_BIT, old) == old;
    }

    /// <summary>
    /// <c>spin_unlock(&amp;lockref->lock)</c>: a store-release of the word without the lock bit. Only
    /// the holder writes the word while the bit is set (lockless updaters CAS only from unlocked
    /// values), so a plain read-modify-write is safe here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void spin_unlock()
    {
        Volatile.Write(ref _lock_count, _lock_count & ~LOCK_BIT);
        SchedHooks.Point(SchedPoint.d_unlock); // explore: a release; blocked spinners may go on
    }

    /// <summary><c>spin_is_locked()</c>.</summary>
    public readonly bool spin_is_locked() => !unlocked(Volatile.Read(in _lock_count));

    // ---- count changes under the held lock ------------------------------------------------------

    /// <summary>Count += <paramref name="delta"/> with the lock held (<c>__dget_dlock</c>, <c>count--</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void add_locked(int delta) => Volatile.Write(ref _lock_count, _lock_count + delta * COUNT_ONE);

    /// <summary>Set the count with the lock held.</summary>
    public void set_count_locked(int n) =>
        Volatile.Write(ref _lock_count, (_lock_count & LOCK_BIT) | ((long)n << 32));

    // ---- lib/lockref.c --------------------------------------------------------------------------

    /// <summary><c>lockref_get()</c>: count++ unconditionally (<c>dget</c>).</summary>
    public void lockref_get()
    {
        long old = Volatile.Read(ref _lock_count);
        while (unlocked(old)) // CMPXCHG_LOOP
        {
            long prev = Interlocked.CompareExchange(ref _lock_count, old + COUNT_ONE, old);
            if (prev == old)
                return;
            old = prev;
        }
        spin_lock();
        add_locked(1);
        spin_unlock();
    }

    /// <summary>
    /// <c>lockref_get_not_dead()</c>: count++ unless dead; true on success. 4.7's CMPXCHG_LOOP uses
    /// <c>cmpxchg64_relaxed</c>, which orders nothing: a caller's later <c>d_seq</c> recheck is ordered
    /// by the <c>smp_rmb</c> inside <c>read_seqcount_retry</c>, not by this CAS. The port's CAS
    /// (<c>Interlocked.CompareExchange</c>) is a full barrier, stronger than the kernel's; no ported
    /// algorithm relies on that extra strength (fidelity audit D12).
    /// </summary>
    public bool lockref_get_not_dead()
    {
        long old = Volatile.Read(ref _lock_count);
        while (unlocked(old)) // CMPXCHG_LOOP
        {
            if (count_of(old) < 0)
                return false;
            long prev = Interlocked.CompareExchange(ref _lock_count, old + COUNT_ONE, old);
            if (prev == old)
                return true;
            old = prev;
        }
        spin_lock();
        bool ok = count_of(_lock_count) >= 0;
        if (ok)
            add_locked(1);
        spin_unlock();
        return ok;
    }

    /// <summary>
    /// <c>lockref_put_return()</c>: fast path only. Decrement unless count &lt;= 0 and return the
    /// new count; -1 when the lock is held or the count is already &lt;= 0 (dead or underflow).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int lockref_put_return()
    {
        long old = Volatile.Read(ref _lock_count);
        while (unlocked(old))
        {
            if (count_of(old) <= 0)
                return -1;
            long prev = Interlocked.CompareExchange(ref _lock_count, old - COUNT_ONE, old);
            if (prev == old)
                return count_of(old) - 1;
            old = prev;
        }
        return -1;
    }

    /// <summary>
    /// <c>lockref_put_or_lock()</c>: decrement if count &gt; 1 and return true; otherwise return false
    /// with the lock held (the caller owns the last reference and decides its fate).
    /// </summary>
    public bool lockref_put_or_lock()
    {
        long old = Volatile.Read(ref _lock_count);
        while (unlocked(old))
        {
            if (count_of(old) <= 1)
                break;
            long prev = Interlocked.CompareExchange(ref _lock_count, old - COUNT_ONE, old);
            if (prev == old)
                return true;
            old = prev;
        }
        spin_lock();
        if (count_of(_lock_count) <= 1)
            return false;
        add_locked(-1);
        spin_unlock();
        return true;
    }

    /// <summary><c>lockref_mark_dead()</c>: lock held; count = -128.</summary>
    public void lockref_mark_dead() => set_count_locked(-128);

    /// <summary><c>__lockref_is_dead()</c>.</summary>
    public readonly bool __lockref_is_dead() => count < 0;
}
