// SPDX-License-Identifier: GPL-2.0-only
// struct hlist_bl_head, ported from include/linux/list_bl.h, rculist_bl.h and bit_spinlock.h (Linux v4.7).
using System.Runtime.CompilerServices;

namespace DcacheStress.Kernel.Locking;

/// <summary>
/// <c>struct hlist_bl_head</c>: the head of a hash chain with a lock bit. The kernel keeps the bit
/// in bit 0 of <c>first</c>; managed references cannot carry tag bits, so the bit lives in its own
/// word of the same head object. Consequently <c>hlist_bl_first()</c> needs no masking and
/// <c>__hlist_bl_del</c> preserves the bit by construction. Writers hold the bit; RCU readers never
/// take it.
/// </summary>
public sealed class hlist_bl_head : hlist_bl_link
{
    private int _lockbit;

    /// <summary><c>hlist_bl_lock()</c> = <c>bit_spin_lock(0, ...)</c>: CAS is the ACQUIRE.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void hlist_bl_lock()
    {
        if (Interlocked.CompareExchange(ref _lockbit, 1, 0) != 0)
            hlist_bl_lock_slow();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void hlist_bl_lock_slow()
    {
        var spinner = new SpinWait();
        var task = task_struct.current;
        task.wchan = "hlist_bl_lock";
        while (Volatile.Read(ref _lockbit) != 0 || Interlocked.CompareExchange(ref _lockbit, 1, 0) != 0)
            spinner.SpinOnce(sleep1Threshold: -1);
        task.wchan = null;
    }

    /// <summary><c>hlist_bl_unlock()</c> = <c>__bit_spin_unlock</c>: store-release; pairs with the CAS above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void hlist_bl_unlock() => Volatile.Write(ref _lockbit, 0);

    /// <summary><c>hlist_bl_is_locked()</c>.</summary>
    public bool hlist_bl_is_locked() => Volatile.Read(ref _lockbit) != 0;

    /// <summary><c>hlist_bl_first()</c> for a lock holder (plain walk under the bit lock).</summary>
    public hlist_bl_node? hlist_bl_first() => next;

    /// <summary><c>hlist_bl_first_rcu()</c>: rcu_dereference of the first node; pairs with rcu_assign_pointer below.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public hlist_bl_node? hlist_bl_first_rcu() => Volatile.Read(ref next);

    /// <summary>
    /// <c>hlist_bl_add_head_rcu()</c>: lock held. Initialise the node, then publish it with
    /// rcu_assign_pointer (a store-release: a reader that sees <paramref name="n"/> sees its fields).
    /// </summary>
    public void hlist_bl_add_head_rcu(hlist_bl_node n)
    {
        hlist_bl_node? first = next;
        n.next = first;
        if (first is not null)
            first.pprev = n;
        n.pprev = this;
        Volatile.Write(ref next, n); // rcu_assign_pointer(h->first, n)
    }

    /// <summary>
    /// <c>__hlist_bl_del()</c>: lock held. Unlink <paramref name="n"/> with a WRITE_ONCE of
    /// <c>*pprev</c>; <c>n.next</c> and <c>n.pprev</c> are left as they were so that RCU readers on
    /// <paramref name="n"/> can move on. The caller clears <c>pprev</c> if it wants "unhashed".
    /// </summary>
    public static void __hlist_bl_del(hlist_bl_node n)
    {
        hlist_bl_node? nxt = n.next;
        hlist_bl_link pprev = n.pprev!;
        Volatile.Write(ref pprev.next, nxt); // WRITE_ONCE(*pprev, next) (lock bit untouched: it lives apart)
        if (nxt is not null)
            nxt.pprev = pprev;
    }
}
