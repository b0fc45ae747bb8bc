// SPDX-License-Identifier: GPL-2.0-only
// struct hlist_bl_node, ported from include/linux/list_bl.h and rculist_bl.h (Linux v4.7).
using DcacheStress.Kernel;

namespace DcacheStress.Kernel.Locking;

/// <summary>
/// <c>struct hlist_bl_node</c>: a link in a bit-locked hash chain. <c>pprev == null</c> means
/// unhashed. Removal (<see cref="hlist_bl_head.__hlist_bl_del"/>) leaves <see cref="hlist_bl_link.next"/>
/// intact, so an RCU reader standing on a removed node can still walk on to the rest of the chain.
/// The entry is the dentry that embeds the node (<c>container_of</c>).
/// </summary>
public sealed class hlist_bl_node : hlist_bl_link
{
    /// <summary><c>pprev</c>: the link whose <c>next</c> points here; null when unhashed.</summary>
    internal hlist_bl_link? pprev;

    /// <summary>The dentry this node is embedded in.</summary>
    public readonly dentry entry;

    internal hlist_bl_node(dentry entry) => this.entry = entry;

    /// <summary><c>hlist_bl_unhashed()</c>.</summary>
    public bool hlist_bl_unhashed() => Volatile.Read(ref pprev) is null;

    /// <summary>Next node (RCU load: rcu_dereference, pairs with the publish in add_head_rcu).</summary>
    public hlist_bl_node? next_rcu => Volatile.Read(ref next);

    /// <summary>Raw pprev, for fsck.</summary>
    public hlist_bl_link? pprev_raw => Volatile.Read(ref pprev);
}
