// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/dcache.c (Linux v4.7): d_move, __d_move, dentry_lock_for_move,
// dentry_unlock_for_move, copy_name.
namespace DcacheStress.Kernel;

public partial class Dcache
{
    /// <summary>
    /// <c>d_move(dentry, target)</c>: rename in the dcache. <paramref name="dentry"/> takes
    /// <paramref name="target"/>'s name and place; target is unhashed (and gets dentry's old
    /// parent). Caller holds the directories' i_rwsem exclusive.
    /// </summary>
    public void d_move(dentry dentry, dentry target)
    {
        rename_lock.write_seqlock();
        __d_move(dentry, target, false);
        rename_lock.write_sequnlock();
        task_struct.current.trace.add(TraceEvent.d_move, dentry.d_id, (int)target.d_id);
    }

    /// <summary>
    /// <c>dentry_lock_for_move(dentry, target)</c>: parents' d_lock (ancestor first), then the two
    /// dentries in address order (d_id stands for the address).
    /// </summary>
    private static void dentry_lock_for_move(dentry dentry, dentry target)
    {
        if (IS_ROOT(dentry) || ReferenceEquals(dentry.d_parent, target.d_parent))
        {
            target.d_parent.d_lock.spin_lock();
        }
        else if (d_ancestor(dentry.d_parent, target.d_parent) is not null)
        {
            dentry.d_parent.d_lock.spin_lock();
            target.d_parent.d_lock.spin_lock(); // spin_lock_nested(DENTRY_D_LOCK_NESTED)
        }
        else
        {
            target.d_parent.d_lock.spin_lock();
            dentry.d_parent.d_lock.spin_lock(); // spin_lock_nested(DENTRY_D_LOCK_NESTED)
        }
        if (target.d_id < dentry.d_id)
        {
            target.d_lock.spin_lock();
            dentry.d_lock.spin_lock();
        }
        else
        {
            dentry.d_lock.spin_lock();
            target.d_lock.spin_lock();
        }
    }

    /// <summary><c>dentry_unlock_for_move(dentry, target)</c>: after the parents were swapped.</summary>
    private static void dentry_unlock_for_move(dentry dentry, dentry target)
    {
        if (!ReferenceEquals(target.d_parent, dentry.d_parent))
            dentry.d_parent.d_lock.spin_unlock();
        if (!ReferenceEquals(target.d_parent, target))
            target.d_parent.d_lock.spin_unlock();
        target.d_lock.spin_unlock();
        dentry.d_lock.spin_unlock();
    }

    /// <summary>
    /// <c>copy_name(dentry, target)</c>: dentry takes target's name. Names are immutable arrays here,
    /// so sharing the array is the kernel's external-name refcount share. The pointer store is a
    /// release (pairs with the ACCESS_ONCE load in dentry_cmp).
    /// </summary>
    private static void copy_name(dentry dentry, dentry target)
    {
        Volatile.Write(ref dentry.d_name_name, target.d_name_name);
        Volatile.Write(ref dentry.d_name_hash_len, target.d_name_hash_len);
    }

    /// <summary>
    /// <c>__d_move(dentry, target, exchange)</c>: rename_lock held. In the kernel's order, inside both
    /// dentries' d_seq write sections: dentry leaves its chain and joins target's (still with its old
    /// name and parent), target is unhashed, dentry takes target's name, then the parents are
    /// swapped. An in-lookup target is ended first under i_dir_seq. Only the non-exchange form is
    /// used by the model.
    /// </summary>
    internal void __d_move(dentry dentry, dentry target, bool exchange)
    {
        if (exchange)
            throw new NotSupportedException("RENAME_EXCHANGE is not modelled");
        inode? dir = null;
        uint n = 0;
        // "VFS: moving negative dcache entry" would be printed for a negative source.

        // BUG_ON(d_ancestor(dentry, target)); BUG_ON(d_ancestor(target, dentry)). Safe way out: no
        // move (the kernel oopses; moving a dentry under itself would cut a loop into the tree).
        if (bug.On(Invariant.d_move_ancestor_of_target, d_ancestor(dentry, target) is not null, dentry))
            return;
        if (bug.On(Invariant.d_move_descendant_of_target, d_ancestor(target, dentry) is not null, dentry))
            return;

        dentry_lock_for_move(dentry, target);
        if (d_in_lookup(target))
        {
            dir = target.d_parent.d_inode!;
            n = start_dir_add(dir);
            __d_lookup_done(target);
        }

        dentry.d_seq.write_seqcount_begin();
        target.d_seq.write_seqcount_begin(); // write_seqcount_begin_nested

        // __d_drop does write_seqcount_barrier (invalidate), which nests inside the write sections.
        // Move the dentry to the target hash queue (still under its old name and parent: readers
        // that meet it there see an odd d_seq or a name that does not match).
        __d_drop(dentry);
        // Repro-only: here dentry is off every chain (d_hash.pprev NULL) though it never stops being
        // in the cache; a lockless d_unhashed() reader (4.7 ll_lookup_it_finish) sees it unhashed.
        race.Hit(RaceSite.__d_move_after_drop);
        __d_rehash(dentry, d_hash(target.d_parent, (uint)target.d_name_hash_len), becomes: target);

        // Unhash the target (d_delete() is not usable here).
        __d_drop(target);

        // Switch the names..
        copy_name(dentry, target);

        // ... and switch them in the tree
        if (IS_ROOT(dentry))
        {
            // splicing a tree
            dentry.d_flags |= DcacheFlags.DCACHE_RCUACCESS;
            dentry targetParent = target.d_parent;
            Volatile.Write(ref dentry.d_parent, targetParent);
            Volatile.Write(ref target.d_parent, target);
            d_subdirs_del(targetParent, target);     // list_del_init(&target->d_child)
            d_subdirs_add(targetParent, dentry);     // list_move(&dentry->d_child, &dentry->d_parent->d_subdirs)
        }
        else
        {
            // swapping two dentries
            dentry oldParent = dentry.d_parent, newParent = target.d_parent;
            d_subdirs_del(oldParent, dentry);
            d_subdirs_del(newParent, target);
            Volatile.Write(ref dentry.d_parent, newParent);
            Volatile.Write(ref target.d_parent, oldParent);
            d_subdirs_add(oldParent, target);        // list_move(&target->d_child, &target->d_parent->d_subdirs)
            d_subdirs_add(newParent, dentry);        // list_move(&dentry->d_child, &dentry->d_parent->d_subdirs)
        }

        target.d_seq.write_seqcount_end();
        dentry.d_seq.write_seqcount_end();

        if (dir is not null)
            end_dir_add(dir, n);
        dentry_unlock_for_move(dentry, target);
    }
}
