// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/dcache.c (Linux v4.7): start_dir_add, end_dir_add, __d_add, d_add, __d_rehash,
// _d_rehash, d_rehash, d_splice_alias, d_exact_alias, d_instantiate, __d_instantiate,
// d_flags_for_inode, __d_set_inode_and_type, __d_clear_type_and_inode.
using DcacheStress.Kernel.Locking;
using static DcacheStress.Kernel.DcacheFlags;

namespace DcacheStress.Kernel;

public partial class Dcache
{
    /// <summary>
    /// <c>start_dir_add(dir)</c>: make <c>i_dir_seq</c> odd with a cmpxchg (a full barrier) — a writer
    /// lock on it. No preempt_disable in 4.7.
    /// </summary>
    internal static uint start_dir_add(inode dir)
    {
        SchedHooks.Point(SchedPoint.write_seqcount_begin); // explore: i_dir_seq's writer "lock"
        for (; ; )
        {
            uint n = Volatile.Read(ref dir.i_dir_seq);
            if ((n & 1) == 0 && Interlocked.CompareExchange(ref dir.i_dir_seq, n + 1, n) == n)
                return n;
            barrier.cpu_relax();
        }
    }

    /// <summary><c>end_dir_add(dir, n)</c>: smp_store_release(i_dir_seq, n + 2); pairs with the acquire (A) in d_alloc_parallel.</summary>
    internal static void end_dir_add(inode dir, uint n)
    {
        Volatile.Write(ref dir.i_dir_seq, n + 2);
        SchedHooks.Point(SchedPoint.write_seqcount_end); // explore: a release; start_dir_add spinners may go on
    }

    /// <summary><c>d_flags_for_inode(inode)</c>: the entry type for a positive dentry.</summary>
    internal static uint d_flags_for_inode(inode? inode)
    {
        if (inode is null)
            return DCACHE_MISS_TYPE;
        if (inode.S_ISDIR)
            return inode.i_op is null ? DCACHE_AUTODIR_TYPE : DCACHE_DIRECTORY_TYPE;
        if (inode.S_ISLNK)
            return DCACHE_SYMLINK_TYPE;
        if (!inode.S_ISREG)
            return DCACHE_SPECIAL_TYPE;
        return DCACHE_REGULAR_TYPE;
    }

    /// <summary>
    /// <c>__d_set_inode_and_type()</c>: inside a d_seq write section. d_inode first, then the type
    /// with WRITE_ONCE (readers pair through d_seq).
    /// </summary>
    private void __d_set_inode_and_type(dentry dentry, inode inode, uint type_flags)
    {
        bug.On(Invariant.in_lookup_positive, d_in_lookup(dentry), dentry);
        Volatile.Write(ref dentry.d_inode, inode);
        uint flags = Volatile.Read(ref dentry.d_flags);
        flags &= ~(DCACHE_ENTRY_TYPE | DCACHE_FALLTHRU);
        flags |= type_flags;
        Volatile.Write(ref dentry.d_flags, flags);
    }

    /// <summary><c>__d_clear_type_and_inode()</c>: type cleared (WRITE_ONCE), then d_inode = NULL.</summary>
    internal static void __d_clear_type_and_inode(dentry dentry)
    {
        uint flags = Volatile.Read(ref dentry.d_flags);
        flags &= ~(DCACHE_ENTRY_TYPE | DCACHE_FALLTHRU);
        Volatile.Write(ref dentry.d_flags, flags);
        Volatile.Write(ref dentry.d_inode, null);
    }

    /// <summary><c>hlist_add_head(&amp;dentry->d_u.d_alias, &amp;inode->i_dentry)</c>; i_lock held.</summary>
    private static void d_alias_add(dentry dentry, inode inode)
    {
        dentry? first = inode.i_dentry;
        dentry.d_alias_next = first;
        if (first is not null)
            first.d_alias_pprev = dentry;
        inode.i_dentry = dentry;
        dentry.d_alias_pprev = inode;
    }

    /// <summary><c>hlist_del_init(&amp;dentry->d_u.d_alias)</c>; i_lock held.</summary>
    internal static void d_alias_del_init(dentry dentry)
    {
        object? pprev = dentry.d_alias_pprev;
        if (pprev is null)
            return;
        dentry? next = dentry.d_alias_next;
        if (pprev is inode owner)
            owner.i_dentry = next;
        else
            ((dentry)pprev).d_alias_next = next;
        if (next is not null)
            next.d_alias_pprev = pprev;
        dentry.d_alias_next = null;
        dentry.d_alias_pprev = null;
    }

    /// <summary>
    /// <c>__d_add(dentry, inode)</c>: attach <paramref name="inode"/> (may be null: a negative entry)
    /// and hash. Entry: inode's i_lock held if inode is not null; released here with d_lock.
    /// </summary>
    internal void __d_add(dentry dentry, inode? inode)
    {
        inode? dir = null;
        uint n = 0;
        dentry.d_lock.spin_lock();
        if (d_in_lookup(dentry))
        {
            dir = dentry.d_parent.d_inode!;
            n = start_dir_add(dir);
            __d_lookup_done(dentry); // PAR_LOOKUP cleared before hashing (Viro, 2016-07)
        }
        if (inode is not null)
        {
            uint add_flags = d_flags_for_inode(inode);
            // Harness: __d_add has no check of its own; linking an already linked d_alias is the
            // list corruption of interleaving A1 (i).
            if (!bug.On(Invariant.hash_duplicate_alias, !d_alias_unhashed(dentry), dentry))
                d_alias_add(dentry, inode);
            dentry.d_seq.raw_write_seqcount_begin();
            __d_set_inode_and_type(dentry, inode, add_flags);
            dentry.d_seq.raw_write_seqcount_end();
            // __fsnotify_d_instantiate: nothing to notify
        }
        race.Hit(RaceSite.d_add_before_rehash);
        _d_rehash(dentry);
        if (dir is not null)
            end_dir_add(dir, n);
        dentry.d_lock.spin_unlock();
        if (inode is not null)
            inode.i_lock.spin_unlock();
        task_struct.current.trace.add(TraceEvent.d_add, dentry.d_id, inode is null ? 0 : 1);
    }

    /// <summary><c>d_add(entry, inode)</c>: hash <paramref name="entry"/> with <paramref name="inode"/> attached.</summary>
    public void d_add(dentry entry, inode? inode)
    {
        d_add_owner_check(entry);
        if (inode is not null)
        {
            // security_d_instantiate(entry, inode): no LSM in the model
            inode.i_lock.spin_lock();
        }
        __d_add(entry, inode);
    }

    /// <summary>
    /// <c>__d_rehash(entry, b)</c>: <c>BUG_ON(!d_unhashed(entry))</c>, then publish on chain
    /// <paramref name="b"/>. Entry: entry's d_lock held. Does not touch d_seq: readers that found
    /// the entry unhashed simply skipped it.
    /// <para><paramref name="becomes"/> (harness only): <c>__d_move</c> puts the entry on the
    /// target's chain while it still has its old name and parent, before <c>__d_drop(target)</c> and
    /// <c>copy_name</c>; the duplicate check then compares against the (parent, name) the entry is
    /// about to take from <paramref name="becomes"/>, and skips that target, which is leaving.</para>
    /// </summary>
    internal void __d_rehash(dentry entry, hlist_bl_head_ref b, dentry? becomes = null)
    {
        if (bug.On(Invariant.d_rehash_hashed, !d_unhashed(entry), entry))
            return; // safe way out: already on a chain; adding again would corrupt it
        if (bug.On(Invariant.in_lookup_hashed, d_in_lookup(entry), entry))
            return; // safe way out: an in-lookup dentry must never become reachable by hash
        b.hlist_bl_lock();
        check_duplicate_name(entry, b, becomes);
        b.hlist_bl_add_head_rcu(entry.d_hash);
        b.hlist_bl_unlock();
    }

    /// <summary>
    /// Harness: <c>hash.duplicate_name</c> — another hashed dentry with the same (parent, name) on
    /// the chain, both visible to a lookup. Where the parent has <c>->d_compare</c> the filesystem
    /// decides what a lookup matches: Lustre (4.7) keeps invalid dentries hashed beside valid ones
    /// by design and hides them with <c>ll_dcompare</c>, so an entry or a chain member that its
    /// compare rejects is no duplicate, and two visible aliases of one inode (parallel lookups of
    /// one name, each hashing its own dentry: also its design before a22c3d41d187) give every
    /// lookup the same answer. Without <c>->d_compare</c> (NFS) every same-name pair is one.
    /// </summary>
    private void check_duplicate_name(dentry entry, hlist_bl_head_ref b, dentry? becomes)
    {
        dentry named = becomes ?? entry;
        dentry parent = named.d_parent;
        ulong hash_len = named.d_name_hash_len;
        byte[] name = named.d_name_name;
        var q = new qstr(name, hash_len);
        bool op_compare = (parent.d_flags & DCACHE_OP_COMPARE) != 0;
        if (op_compare && parent.d_op!.d_compare(parent, entry, q.len, name, q) != 0)
            return; // the entry itself is invisible to lookups
        for (hlist_bl_node? node = b.hlist_bl_first(); node is not null; node = node.next)
        {
            dentry other = node.entry;
            if (ReferenceEquals(other, becomes))
                continue;
            if (ReferenceEquals(other.d_parent, parent) && other.d_name_hash_len == hash_len
                && (op_compare ? d_same_name(other, parent, q) && !ReferenceEquals(other.d_inode, entry.d_inode)
                               : dentry_cmp(other, name) == 0))
            {
                bug.On(Invariant.hash_duplicate_name, true, entry);
                return;
            }
        }
    }

    /// <summary><c>_d_rehash(entry)</c>: d_lock held.</summary>
    internal void _d_rehash(dentry entry) => __d_rehash(entry, d_hash(entry.d_parent, (uint)entry.d_name_hash_len));

    /// <summary><c>d_rehash(entry)</c>.</summary>
    public void d_rehash(dentry entry)
    {
        entry.d_lock.spin_lock();
        _d_rehash(entry);
        entry.d_lock.spin_unlock();
    }

    /// <summary>
    /// <c>d_splice_alias(inode, dentry)</c>: the <c>->lookup</c> helper. Attach <paramref name="inode"/>
    /// to the unhashed <paramref name="dentry"/> and hash it; for a directory that already has an
    /// alias, move that alias into place and return it (with a reference). Caller holds the
    /// parent's i_rwsem. Returns null, an alias, or ERR_PTR.
    /// </summary>
    public dentry? d_splice_alias(inode? inode, dentry dentry)
    {
        d_add_owner_check(dentry);
        task_struct.current.trace.add(TraceEvent.d_splice_alias, dentry.d_id, inode is null ? 0 : 1);
        if (bug.On(Invariant.d_splice_alias_hashed, !d_unhashed(dentry), dentry))
            return dentry.ERR_PTR(-Errno.EIO); // safe way out: refuse instead of crashing
        race.Hit(RaceSite.d_splice_alias_before_d_add);
        if (inode is null)
            goto out_;
        // security_d_instantiate(dentry, inode): no LSM in the model
        inode.i_lock.spin_lock();
        if (inode.S_ISDIR)
        {
            dentry? @new = __d_find_any_alias(inode);
            if (@new is not null)
            {
                // The reference to new ensures it remains an alias
                inode.i_lock.spin_unlock();
                rename_lock.write_seqlock();
                if (d_ancestor(@new, dentry) is not null)
                {
                    rename_lock.write_sequnlock();
                    dput(@new);
                    @new = dentry.ERR_PTR(-Errno.ELOOP);
                }
                else if (!IS_ROOT(@new))
                {
                    int err = __d_unalias(inode, dentry, @new);
                    rename_lock.write_sequnlock();
                    if (err != 0)
                    {
                        dput(@new);
                        @new = dentry.ERR_PTR(err);
                    }
                }
                else
                {
                    __d_move(@new, dentry, false);
                    rename_lock.write_sequnlock();
                }
                // iput(inode)
                return @new;
            }
        }
    out_:
        __d_add(dentry, inode);
        return null;
    }

    /// <summary><c>__d_find_any_alias(inode)</c>: i_lock held; any alias, with a reference.</summary>
    private static dentry? __d_find_any_alias(inode inode)
    {
        dentry? alias = inode.i_dentry;
        if (alias is null)
            return null;
        alias.d_lockref.lockref_get(); // __dget(alias)
        return alias;
    }

    /// <summary><c>d_ancestor(p1, p2)</c>: the child of <paramref name="p1"/> that is an ancestor of <paramref name="p2"/> (or p2), else null.</summary>
    internal static dentry? d_ancestor(dentry p1, dentry p2)
    {
        for (dentry p = p2; !IS_ROOT(p); p = p.d_parent)
        {
            if (ReferenceEquals(p.d_parent, p1))
                return p;
        }
        return null;
    }

    /// <summary>
    /// <c>__d_unalias(inode, dentry, alias)</c>: move a disconnected-from-here directory alias to
    /// <paramref name="dentry"/>'s place. rename_lock held. The kernel also takes
    /// s_vfs_rename_mutex; the model's only cross-directory mover (d_move under rename_lock and the
    /// parents' i_rwsem) is excluded by the trylock on the alias's parent below.
    /// </summary>
    private int __d_unalias(inode inode, dentry dentry, dentry alias)
    {
        // If alias and dentry share a parent, then no extra locks required
        if (ReferenceEquals(alias.d_parent, dentry.d_parent))
            goto out_;
        // Check for loops; the caller already did d_ancestor(alias, dentry)
        inode? m2 = alias.d_parent.d_inode;
        if (m2 is null || !m2.i_rwsem.down_read_trylock())
            return -Errno.ESTALE;
        __d_move(alias, dentry, false);
        m2.i_rwsem.up_read();
        return 0;
    out_:
        __d_move(alias, dentry, false);
        return 0;
    }

    /// <summary>
    /// <c>d_exact_alias(entry, inode)</c>: if <paramref name="inode"/> has an unhashed alias with the
    /// same parent and name as <paramref name="entry"/>, rehash it and return it with a reference;
    /// a hashed exact alias or none gives null. No d_lock on candidates while matching: the
    /// parent's i_rwsem is assumed to keep their names stable (only partly true when shared).
    /// </summary>
    public dentry? d_exact_alias(dentry entry, inode inode)
    {
        uint len = (uint)(entry.d_name_hash_len >> 32);
        uint hash = (uint)entry.d_name_hash_len;
        byte[] name = entry.d_name_name;

        inode.i_lock.spin_lock();
        for (dentry? alias = inode.i_dentry; alias is not null; alias = alias.d_alias_next)
        {
            if ((uint)alias.d_name_hash_len != hash)
                continue;
            if (!ReferenceEquals(alias.d_parent, entry.d_parent))
                continue;
            if ((uint)(alias.d_name_hash_len >> 32) != len)
                continue;
            if (dentry_cmp(alias, name) != 0)
                continue;
            dentry? found = alias;
            alias.d_lock.spin_lock();
            if (!d_unhashed(alias))
            {
                alias.d_lock.spin_unlock();
                found = null;
            }
            else
            {
                alias.d_lockref.add_locked(1); // __dget_dlock(alias)
                _d_rehash(alias);
                alias.d_lock.spin_unlock();
            }
            inode.i_lock.spin_unlock();
            task_struct.current.trace.add(TraceEvent.d_exact_alias, alias.d_id, found is null ? 0 : 1);
            return found;
        }
        inode.i_lock.spin_unlock();
        return null;
    }

    /// <summary><c>__d_instantiate(dentry, inode)</c>: i_lock held; positive, not hashed.</summary>
    private void __d_instantiate(dentry dentry, inode inode)
    {
        uint add_flags = d_flags_for_inode(inode);
        bug.On(Invariant.in_lookup_instantiate, d_in_lookup(dentry), dentry); // WARN_ON(d_in_lookup(dentry))
        dentry.d_lock.spin_lock();
        // Harness: d_instantiate's BUG_ON(!hlist_unhashed) reads d_alias with no lock held, so two
        // callers on one dentry (Lustre 4.7: ll_create_it and I1's LASSERT path, both under a
        // shared i_rwsem) can both pass it; the second hlist_add_head would then point d_alias at
        // the dentry itself (same inode: a cycle that i_lock walkers such as ll_invalidate_aliases
        // never leave, the kernel's soft lockup) or splice two inodes' alias lists. Checked again
        // here under d_lock, which every d_alias link and unlink holds; the safe way out leaves
        // the dentry as the first caller made it.
        if (bug.On(Invariant.hash_duplicate_alias, !d_alias_unhashed(dentry), dentry))
        {
            dentry.d_lock.spin_unlock();
            return;
        }
        d_alias_add(dentry, inode);
        dentry.d_seq.raw_write_seqcount_begin();
        __d_set_inode_and_type(dentry, inode, add_flags);
        dentry.d_seq.raw_write_seqcount_end();
        dentry.d_lock.spin_unlock();
    }

    /// <summary>
    /// <c>d_instantiate(entry, inode)</c>: fill in inode information for a dentry (does not hash).
    /// With a NULL inode it does nothing (4.7: no d_seq write section).
    /// </summary>
    public void d_instantiate(dentry entry, inode? inode)
    {
        // BUG_ON(!hlist_unhashed(&entry->d_u.d_alias))
        if (bug.On(Invariant.d_instantiate_alias_linked, !d_alias_unhashed(entry), entry))
            return;
        // Harness: making a *hashed* dentry positive is a d_add in all but name; it needs the same
        // ownership (in-lookup by us, or the parent locked exclusive). Lustre 4.7's
        // ll_lookup_it_finish does it to a shared dentry under a shared lock.
        if (inode is not null && !d_unhashed(entry))
            d_add_owner_check(entry);
        if (inode is not null)
        {
            // security_d_instantiate: no LSM in the model
            inode.i_lock.spin_lock();
            __d_instantiate(entry, inode);
            inode.i_lock.spin_unlock();
        }
    }
}
