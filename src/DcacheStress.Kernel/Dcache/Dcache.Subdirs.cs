// SPDX-License-Identifier: GPL-2.0-only
// d_subdirs / d_child, after include/linux/dcache.h and fs/dcache.c (Linux v4.7): the list of a
// dentry's children, kept under the parent's d_lock (list_add in d_alloc, dentry_unlist in
// __dentry_kill, list_move in __d_move). The NFS model never walks it; Lustre's
// ll_invalidate_negative_children does.
using DcacheStress.Kernel.Locking;

namespace DcacheStress.Kernel;

public partial class Dcache
{
    /// <summary><c>list_add(&amp;child->d_child, &amp;parent->d_subdirs)</c>: parent's d_lock held.</summary>
    internal static void d_subdirs_add(dentry parent, dentry child)
    {
        dentry? first = parent.d_subdirs;
        child.d_child_next = first;
        child.d_child_prev = null;
        if (first is not null)
            first.d_child_prev = child;
        parent.d_subdirs = child;
        child.d_child_linked = true;
    }

    /// <summary><c>list_del_init(&amp;child->d_child)</c> from <paramref name="parent"/>'s list: parent's d_lock held.</summary>
    internal static void d_subdirs_del(dentry parent, dentry child)
    {
        if (!child.d_child_linked)
            return;
        dentry? next = child.d_child_next, prev = child.d_child_prev;
        if (prev is null)
            parent.d_subdirs = next;
        else
            prev.d_child_next = next;
        if (next is not null)
            next.d_child_prev = prev;
        child.d_child_next = child.d_child_prev = null;
        child.d_child_linked = false;
    }

    /// <summary>
    /// <c>list_for_each_entry(child, &amp;parent->d_subdirs, d_child)</c>: the first child; continue
    /// with <see cref="d_child_next"/>. The caller holds <paramref name="parent"/>'s d_lock.
    /// </summary>
    internal static dentry? d_subdirs_first(dentry parent) => parent.d_subdirs;

    /// <summary>The next sibling on the parent's <c>d_subdirs</c> (parent's d_lock held).</summary>
    internal static dentry? d_child_next(dentry child) => child.d_child_next;
}

public partial class Dcache
{
    /// <summary>
    /// Harness helper for root-cause checks in filesystem code: another dentry hashed on
    /// <paramref name="entry"/>'s chain with the same (parent, name) that satisfies
    /// <paramref name="match"/>, found under the bucket lock; null when none.
    /// </summary>
    internal dentry? d_hash_find_other(dentry entry, Func<dentry, bool> match)
    {
        dentry parent = Volatile.Read(ref entry.d_parent);
        ulong hash_len = Volatile.Read(ref entry.d_name_hash_len);
        byte[] name = Volatile.Read(ref entry.d_name_name);
        hlist_bl_head_ref b = d_hash(parent, (uint)hash_len);
        b.hlist_bl_lock();
        try
        {
            for (hlist_bl_node? node = b.hlist_bl_first(); node is not null; node = node.next)
            {
                dentry other = node.entry;
                if (!ReferenceEquals(other, entry) && ReferenceEquals(other.d_parent, parent)
                    && other.d_name_hash_len == hash_len && dentry_cmp(other, name) == 0 && match(other))
                    return other;
            }
            return null;
        }
        finally
        {
            b.hlist_bl_unlock();
        }
    }
}
