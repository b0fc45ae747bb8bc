// SPDX-License-Identifier: GPL-2.0-only
// struct hlist_bl_head, ported from include/linux/list_bl.h (Linux v4.7).
namespace DcacheStress.Kernel.Locking;

/// <summary>
/// <c>struct hlist_bl_head</c>: one bucket of a hash table, stored by value in the table array as
/// in the kernel (<c>dentry_hashtable</c> is an array of heads, not of pointers to heads), so an
/// RCU reader reaches the first node with one load from the array. The kernel keeps the bucket
/// lock in bit 0 of <c>first</c>; a managed reference cannot carry a tag bit, so the lock is the
/// word next to it (same cache line). Code addresses a bucket through
/// <see cref="hlist_bl_head_ref"/> (the kernel's <c>struct hlist_bl_head *</c>).
/// </summary>
public struct hlist_bl_head
{
    /// <summary>
    /// <c>first</c>: published with Volatile.Write (rcu_assign_pointer) under the bucket lock;
    /// RCU readers load it with Volatile.Read (rcu_dereference).
    /// </summary>
    internal hlist_bl_node? first;

    /// <summary>The bit spinlock (<c>bit_spin_lock(0, &amp;first)</c>): 1 while a writer holds the bucket.</summary>
    internal int lockbit;
}
