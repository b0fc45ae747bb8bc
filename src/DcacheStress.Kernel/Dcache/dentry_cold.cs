// SPDX-License-Identifier: GPL-2.0-only
// The part of struct dentry (include/linux/dcache.h, Linux v4.7) that RCU-walk does not read.
using DcacheStress.Kernel.Locking;

namespace DcacheStress.Kernel;

/// <summary>
/// The fields of <see cref="dentry"/> that the RCU-walk lookup does not touch, grouped so that the
/// runtime places them after the hot ones (see the comment in <see cref="dentry"/>). Reached only
/// through the dentry's accessors of the same names; the locking rules are the dentry's.
/// </summary>
internal struct dentry_cold
{
    /// <summary><c>d_lockref</c>.</summary>
    internal lockref d_lockref;

    /// <summary><c>d_sb</c>.</summary>
    internal super_block d_sb;

    /// <summary><c>d_op</c>.</summary>
    internal dentry_operations? d_op;

    /// <summary><c>d_time</c>.</summary>
    internal long d_time;

    /// <summary><c>d_fsdata</c>.</summary>
    internal object? d_fsdata;

    /// <summary><c>d_wait</c>.</summary>
    internal wait_queue_head_t? d_wait;

    /// <summary><c>d_u.d_in_lookup_hash</c>.</summary>
    internal hlist_bl_node d_in_lookup_hash;

    /// <summary><c>d_u.d_alias</c> next.</summary>
    internal dentry? d_alias_next;

    /// <summary><c>d_u.d_alias</c> pprev.</summary>
    internal object? d_alias_pprev;

    /// <summary>Children holding a reference.</summary>
    internal int d_nr_children;

    /// <summary><c>d_subdirs</c>: first child (under this dentry's d_lock).</summary>
    internal dentry? d_subdirs;

    /// <summary><c>d_child</c> links on the parent's list (under the parent's d_lock).</summary>
    internal dentry? d_child_next, d_child_prev;

    /// <summary><c>!list_empty(&amp;d_child)</c>.</summary>
    internal bool d_child_linked;

    /// <summary>Harness: in-lookup owner.</summary>
    internal task_struct? d_in_lookup_owner;

    /// <summary>Harness: stable id.</summary>
    internal long d_id;

    /// <summary>Harness: the errno of an <c>ERR_PTR</c> sentinel.</summary>
    internal int d_err;
}
