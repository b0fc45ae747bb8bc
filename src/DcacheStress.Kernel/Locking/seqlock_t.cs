// SPDX-License-Identifier: GPL-2.0-only
// seqlock_t, ported from include/linux/seqlock.h (Linux v4.7). Used for rename_lock.
namespace DcacheStress.Kernel.Locking;

/// <summary>
/// <c>seqlock_t</c>: a spinlock that serialises writers plus a <see cref="seqcount_t"/> for
/// lockless readers. A class, so that one instance (<c>rename_lock</c>) is shared by reference.
/// </summary>
public sealed class seqlock_t
{
    private seqcount_t _seqcount; // mutable struct: never readonly
    private spinlock_t _lock;     // mutable struct: never readonly

    /// <summary>Raw sequence (tests).</summary>
    public uint sequence => _seqcount.sequence;

    /// <summary><c>read_seqbegin()</c>: waits while a writer is active, then smp_rmb.</summary>
    public uint read_seqbegin() => _seqcount.read_seqcount_begin();

    /// <summary><c>read_seqretry()</c>: smp_rmb, then true when a writer ran since <paramref name="start"/>.</summary>
    public bool read_seqretry(uint start) => _seqcount.read_seqcount_retry(start);

    /// <summary><c>write_seqlock()</c>: take the lock, then open the write section.</summary>
    public void write_seqlock()
    {
        _lock.spin_lock();
        _seqcount.write_seqcount_begin();
    }

    /// <summary><c>write_sequnlock()</c>: close the write section, then drop the lock.</summary>
    public void write_sequnlock()
    {
        _seqcount.write_seqcount_end();
        _lock.spin_unlock();
    }
}
