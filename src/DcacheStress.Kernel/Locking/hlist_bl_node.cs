// SPDX-License-Identifier: GPL-2.0-only
// struct hlist_bl_node, ported from include/linux/list_bl.h and rculist_bl.h (Linux v4.7).
using System.Runtime.CompilerServices;

namespace DcacheStress.Kernel.Locking;

/// <summary>
/// <c>struct hlist_bl_node</c>: a link in a bit-locked hash chain. Not sealed: a
/// <see cref="dentry"/> is its own <c>d_hash</c> node (the node is embedded at the start of the
/// object, so <c>container_of(node, struct dentry, d_hash)</c> is a type cast and an RCU reader
/// goes from the bucket to the dentry's fields with no extra load). <c>pprev == null</c> means
/// unhashed. Removal (<see cref="__hlist_bl_del"/>) leaves <see cref="next"/> intact, so an RCU
/// reader standing on a removed node can still walk on to the rest of the chain.
/// </summary>
public class hlist_bl_node
{
    /// <summary>
    /// <c>next</c>. Published with Volatile.Write (rcu_assign_pointer) by the one who links the
    /// node in front of it; RCU readers load it with Volatile.Read (rcu_dereference).
    /// </summary>
    internal hlist_bl_node? next;

    /// <summary>
    /// <c>pprev</c>: the address of the link that points here. In C that is <c>&amp;prev->next</c>
    /// or <c>&amp;head->first</c>; here it is the previous <see cref="hlist_bl_node"/>, or the
    /// <see cref="hlist_bl_head"/> table whose slot <see cref="pprev_slot"/> is the head. Null ⇔
    /// unhashed (the only part lockless readers look at).
    /// </summary>
    internal object? pprev;

    /// <summary>With <see cref="pprev"/> = a table: the head's index in it.</summary>
    internal int pprev_slot;

    /// <summary>
    /// <c>container_of</c>: the dentry this node belongs to — itself for <c>d_hash</c>, the owner
    /// for a node embedded elsewhere (<see cref="hlist_bl_owned_node"/>, <c>d_u.d_in_lookup_hash</c>).
    /// </summary>
    public dentry entry => this as dentry ?? ((hlist_bl_owned_node)this).owner;

    /// <summary><c>hlist_bl_unhashed()</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool hlist_bl_unhashed() => Volatile.Read(ref pprev) is null;

    /// <summary>Next node (RCU load: rcu_dereference, pairs with the publish in add_head_rcu).</summary>
    public hlist_bl_node? next_rcu
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref next);
    }

    /// <summary>True when <c>pprev</c> is <c>&amp;head->first</c> of <paramref name="head"/> (fsck, tests).</summary>
    public bool pprev_is(hlist_bl_head_ref head) => ReferenceEquals(pprev, head.table) && pprev_slot == head.slot;

    /// <summary>True when <c>pprev</c> is <c>&amp;prev->next</c> (fsck, tests).</summary>
    public bool pprev_is(hlist_bl_node prev) => ReferenceEquals(pprev, prev);

    /// <summary>
    /// <c>__hlist_bl_del()</c>: bucket lock held. Unlink <paramref name="n"/> with a WRITE_ONCE of
    /// <c>*pprev</c>; <c>n.next</c> and <c>n.pprev</c> are left as they were so that RCU readers on
    /// <paramref name="n"/> can move on. The caller clears <c>pprev</c> if it wants "unhashed".
    /// </summary>
    public static void __hlist_bl_del(hlist_bl_node n)
    {
        hlist_bl_node? nxt = n.next;
        object pprev = n.pprev!;
        int slot = n.pprev_slot;
        // WRITE_ONCE(*pprev, next) (the lock bit lives apart, so nothing to preserve)
        if (pprev is hlist_bl_node prev)
            Volatile.Write(ref prev.next, nxt);
        else
            Volatile.Write(ref ((hlist_bl_head[])pprev)[slot].first, nxt);
        if (nxt is not null)
        {
            nxt.pprev_slot = slot;
            nxt.pprev = pprev; // next->pprev = pprev
        }
    }
}
