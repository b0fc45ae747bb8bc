// SPDX-License-Identifier: GPL-2.0-only
// Shared part of hlist_bl_head and hlist_bl_node (include/linux/list_bl.h, Linux v4.7).
namespace DcacheStress.Kernel.Locking;

/// <summary>
/// What a node's <c>pprev</c> points at. In C, <c>pprev</c> is the address of either
/// <c>head->first</c> or the previous node's <c>next</c>; managed code cannot store interior
/// pointers, so both the head and the node derive from this class and <c>pprev</c> refers to the
/// object whose <see cref="next"/> field points at us.
/// </summary>
public abstract class hlist_bl_link
{
    /// <summary>
    /// <c>head->first</c> or <c>node->next</c>. Published with Volatile.Write (rcu_assign_pointer);
    /// RCU readers load it with Volatile.Read (rcu_dereference).
    /// </summary>
    internal hlist_bl_node? next;
}
