// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/namei.c (Linux v4.7): path_init, link_path_walk, walk_component, lookup_fast,
// unlazy_walk, complete_walk, terminate_walk, lookup_slow, path_lookupat, filename_lookup,
// path_parentat, filename_parentat. No symlinks, mounts, "." or ".." in the model.
using DcacheStress.Kernel.Locking;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.DcacheFlags;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Kernel;

/// <summary>The ported path walk and VFS entry points of <c>fs/namei.c</c>.</summary>
public static partial class namei
{
    /// <summary><c>d_revalidate(dentry, flags)</c>.</summary>
    internal static int d_revalidate(dentry dentry, uint flags) => dentry.d_op!.d_revalidate(dentry, flags);

    /// <summary><c>path_put(path)</c>.</summary>
    internal static void path_put(Dcache dc, ref path path)
    {
        dc.dput(path.dentry);
        path.dentry = null;
    }

    /// <summary>
    /// <c>path_init(nd, flags)</c>: start at the root. In RCU mode no reference is taken; the
    /// root's d_seq is sampled (waiting for an even value) to validate the first step against.
    /// </summary>
    internal static void path_init(ref nameidata nd, uint flags)
    {
        nd.flags = flags | LOOKUP_JUMPED | LOOKUP_PARENT;
        nd.last_type = nameidata.LAST_ROOT;
        nd.path = nd.root;
        nd.inode = d_inode(nd.path.dentry!);
        if ((flags & LOOKUP_RCU) != 0)
        {
            // rcu_read_lock()
            nd.seq = nd.path.dentry!.d_seq.__read_seqcount_begin();
        }
        else
        {
            nd.dc.dget(nd.path.dentry!); // path_get(&nd->path)
        }
    }

    /// <summary>
    /// <c>terminate_walk(nd)</c>: drop what the walk holds: references in ref-walk, the RCU read
    /// section in RCU-walk.
    /// </summary>
    internal static void terminate_walk(ref nameidata nd)
    {
        if ((nd.flags & LOOKUP_RCU) == 0)
        {
            path_put(nd.dc, ref nd.path);
        }
        else
        {
            nd.flags &= ~LOOKUP_RCU;
            nd.path.dentry = null;
            // rcu_read_unlock()
        }
    }

    /// <summary>
    /// <c>unlazy_walk(nd, dentry, seq)</c>: leave RCU-walk for ref-walk in the middle of a walk. Take
    /// references on the parent (and the child) with lockref_get_not_dead, then recheck the d_seq
    /// samples; any failure is -ECHILD ("restart the whole walk in ref mode").
    /// </summary>
    internal static int unlazy_walk(ref nameidata nd, dentry? dentry, uint seq)
    {
        dentry parent = nd.path.dentry!;
        if (nd.dc.bug.On(Invariant.unlazy_not_rcu, (nd.flags & LOOKUP_RCU) == 0, parent))
            return -Errno.ECHILD; // BUG_ON(!(nd->flags & LOOKUP_RCU))

        nd.flags &= ~LOOKUP_RCU;
        // legitimize_links / legitimize_mnt: no symlinks or mounts in the model
        if (!parent.d_lockref.lockref_get_not_dead())
            goto out1;

        // A negative lookup validates the parent only; a positive one validates the child, whose
        // seq was sampled after the parent's was checked, so it covers both.
        if (dentry is null)
        {
            if (parent.d_seq.read_seqcount_retry(nd.seq))
                goto out_;
            nd.dc.bug.On(Invariant.unlazy_inode_mismatch, !ReferenceEquals(nd.inode, d_inode(parent)), parent); // BUG_ON(nd->inode != parent->d_inode)
        }
        else
        {
            if (!dentry.d_lockref.lockref_get_not_dead())
                goto out_;
            if (dentry.d_seq.read_seqcount_retry(seq))
                goto drop_dentry;
        }
        // The root is pinned by its super block for the whole run: no legitimize_path needed.
        // rcu_read_unlock()
        return 0;

    drop_dentry:
        // rcu_read_unlock()
        nd.dc.dput(dentry);
        goto drop_root_mnt;
    out1:
        nd.path.dentry = null;
    out_:
        // rcu_read_unlock()
    drop_root_mnt:
        nd.seq_retries++;
        return -Errno.ECHILD;
    }

    /// <summary><c>complete_walk(nd)</c>: end RCU-walk at the final dentry (take its reference).</summary>
    internal static int complete_walk(ref nameidata nd)
    {
        if ((nd.flags & LOOKUP_RCU) != 0)
        {
            if (unlazy_walk(ref nd, null, 0) != 0)
                return -Errno.ECHILD;
        }
        // LOOKUP_JUMPED + d_weak_revalidate: only for walks that jumped (not modelled)
        return 0;
    }

    /// <summary>
    /// <c>lookup_fast(nd, path, inode, seqp)</c>: dcache-only lookup of <c>nd.last</c>. 1: found and
    /// usable; 0: go slow; &lt;0: error (-ECHILD restarts in ref-walk, -ENOENT a valid negative).
    /// </summary>
    internal static int lookup_fast(ref nameidata nd, out path path, out inode? inode, out uint seqp)
    {
        dentry parent = nd.path.dentry!;
        dentry? dentry;
        int status = 1;
        path = default;
        inode = null;
        seqp = 0;

        // Rename seqlock is not required here because in the off chance of a false negative due
        // to a concurrent rename, the caller will fall back to lookup_slow.
        if ((nd.flags & LOOKUP_RCU) != 0)
        {
            nd.lookups++;
            dentry = nd.dc.__d_lookup_rcu(parent, nd.last, out uint seq);
            if (dentry is null)
            {
                if (unlazy_walk(ref nd, null, 0) != 0)
                    return -Errno.ECHILD;
                return 0;
            }

            // Speculative loads (Volatile: acquire), validated by the d_seq recheck below; its
            // smp_rmb pairs with the d_seq write sections that change inode and type.
            inode = d_backing_inode(dentry);
            bool negative = d_is_negative(dentry);
            if (dentry.d_seq.read_seqcount_retry(seq))
            {
                nd.seq_retries++;
                return -Errno.ECHILD;
            }

            // This sequence count validates that the parent had no changes while we did the
            // lookup of the dentry above (no extra barrier: the child's check provided it).
            if (parent.d_seq.__read_seqcount_retry(nd.seq))
            {
                nd.seq_retries++;
                return -Errno.ECHILD;
            }

            seqp = seq;
            if ((Volatile.Read(ref dentry.d_flags) & DCACHE_OP_REVALIDATE) != 0)
                status = d_revalidate(dentry, nd.flags);
            if (status > 0)
            {
                // Note: do negative dentry check after revalidation in case it was invalidated.
                if (negative)
                    return -Errno.ENOENT;
                path.mnt = nd.path.mnt;
                path.dentry = dentry;
                // __follow_mount_rcu: nothing is mounted in the model, we stay in RCU mode
                return 1;
            }
            nd.dc.bug.Observe(Observation.lookup_fast_unlazy);
            if (unlazy_walk(ref nd, dentry, seq) != 0)
                return -Errno.ECHILD;
            if (status == -Errno.ECHILD)
                status = d_revalidate(dentry, nd.flags);
        }
        else
        {
            nd.lookups++;
            dentry = nd.dc.__d_lookup(parent, nd.last);
            if (dentry is null)
                return 0;
            if ((Volatile.Read(ref dentry.d_flags) & DCACHE_OP_REVALIDATE) != 0)
                status = d_revalidate(dentry, nd.flags);
        }
        if (status <= 0)
        {
            if (status == 0)
                nd.dc.d_invalidate(dentry);
            nd.dc.dput(dentry);
            return status;
        }
        if (d_is_negative(dentry))
        {
            nd.dc.dput(dentry);
            return -Errno.ENOENT;
        }
        path.mnt = nd.path.mnt;
        path.dentry = dentry;
        // follow_managed: nothing mounted → 1
        inode = d_backing_inode(dentry);
        return 1;
    }

    /// <summary>
    /// <c>lookup_slow(name, dir, flags)</c>: under <c>inode_lock_shared(dir)</c>, get the dentry
    /// from d_alloc_parallel and, if this thread owns it in-lookup, call <c>->lookup</c>.
    /// </summary>
    internal static dentry lookup_slow(Dcache dc, in qstr name, dentry dir, uint flags)
    {
        dentry dentry = dentry.ERR_PTR(-Errno.ENOENT);
        dentry? old;
        inode inode = dir.d_inode!;
        var wq = new wait_queue_head_t(); // DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq)

        inode.inode_lock_shared();
        // Don't go there if it's already dead
        if (inode.IS_DEADDIR)
            goto out_;
    again:
        dentry = dc.d_alloc_parallel(dir, name, wq);
        if (dentry.IS_ERR(dentry))
            goto out_;
        if (!d_in_lookup(dentry))
        {
            if ((Volatile.Read(ref dentry.d_flags) & DCACHE_OP_REVALIDATE) != 0 && (flags & LOOKUP_NO_REVAL) == 0)
            {
                int error = d_revalidate(dentry, flags);
                if (error <= 0)
                {
                    if (error == 0)
                    {
                        dc.d_invalidate(dentry);
                        dc.dput(dentry);
                        goto again;
                    }
                    dc.dput(dentry);
                    dentry = dentry.ERR_PTR(error);
                }
            }
        }
        else
        {
            old = inode.i_op!.lookup(inode, dentry, flags);
            dc.d_lookup_done(dentry);
            if (old is not null)
            {
                dc.dput(dentry);
                dentry = old;
            }
        }
    out_:
        inode.inode_unlock_shared();
        return dentry;
    }

    /// <summary><c>path_to_nameidata(path, nd)</c>: step into <paramref name="path"/>.</summary>
    internal static void path_to_nameidata(in path path, ref nameidata nd)
    {
        if ((nd.flags & LOOKUP_RCU) == 0)
            nd.dc.dput(nd.path.dentry);
        nd.path.mnt = path.mnt;
        nd.path.dentry = path.dentry;
    }

    /// <summary><c>walk_component(nd, flags)</c>: resolve <c>nd.last</c> and step into it.</summary>
    internal static int walk_component(ref nameidata nd)
    {
        // "." and ".." (handle_dots) are not modelled: link_path_walk rejects them.
        int err = lookup_fast(ref nd, out path path, out inode? inode, out uint seq);
        if (err <= 0)
        {
            if (err < 0)
                return err;
            path.dentry = lookup_slow(nd.dc, nd.last, nd.path.dentry!, nd.flags);
            if (dentry.IS_ERR(path.dentry))
                return dentry.PTR_ERR(path.dentry);
            path.mnt = nd.path.mnt;
            // follow_managed: nothing mounted → 1
            if (d_is_negative(path.dentry))
            {
                path_to_nameidata(path, ref nd);
                return -Errno.ENOENT;
            }
            seq = 0; // we are already out of RCU mode
            inode = d_backing_inode(path.dentry);
        }
        // should_follow_link: no symlinks in the model
        path_to_nameidata(path, ref nd);
        nd.inode = inode;
        nd.seq = seq;
        return 0;
    }

    /// <summary>
    /// <c>inode_permission(inode, mask)</c>: the filesystem's <c>->permission</c>, else
    /// <c>generic_permission</c> (always granted in the model: no modes, one user).
    /// </summary>
    internal static int inode_permission(inode inode, int mask) => inode.i_op?.permission(inode, mask) ?? 0;

    /// <summary>
    /// <c>may_lookup(nd)</c>: search permission on the directory being walked. In RCU-walk ask with
    /// <c>MAY_NOT_BLOCK</c>; an -ECHILD ("cannot tell without blocking", e.g. NFS's access cache
    /// missed) leaves RCU-walk here with <c>unlazy_walk</c> and asks again.
    /// </summary>
    internal static int may_lookup(ref nameidata nd)
    {
        if ((nd.flags & LOOKUP_RCU) != 0)
        {
            int err = inode_permission(nd.inode!, MAY_EXEC | MAY_NOT_BLOCK);
            if (err != -Errno.ECHILD)
                return err;
            if (unlazy_walk(ref nd, null, 0) != 0)
                return -Errno.ECHILD;
        }
        return inode_permission(nd.inode!, MAY_EXEC);
    }

    /// <summary>
    /// <c>link_path_walk(name, nd)</c>: walk every component but the last; leaves the last one in
    /// <c>nd.last</c> for the caller (lookup_last, do_last, or the parent lookups of unlink/rename).
    /// </summary>
    internal static int link_path_walk(ref nameidata nd)
    {
        ReadOnlySpan<byte> name = nd.pathname;
        int pos = 0;
        while (pos < name.Length && name[pos] == (byte)'/')
            pos++;
        if (pos == name.Length)
            return 0;

        // At this point we know we have a real path component.
        for (; ; )
        {
            int err = may_lookup(ref nd);
            if (err != 0)
                return err;
            ulong hash_len = NameHash.hash_name(name.Slice(pos));
            int len = (int)(hash_len >> 32);
            if (len == 0 || (name[pos] == (byte)'.' && (len == 1 || (len == 2 && name[pos + 1] == (byte)'.'))))
                return -Errno.EINVAL; // "." and ".." are not modelled
            nd.last_type = nameidata.LAST_NORM;
            nd.flags &= ~LOOKUP_JUMPED;
            nd.last = new qstr(name.Slice(pos, len), hash_len);
            nd.last_pos = pos;

            pos += len;
            if (pos == name.Length)
                return 0; // pathname body, done
            // If it wasn't NUL, we know it was '/'. Skip that slash, and continue until no more slashes.
            do
            {
                pos++;
            } while (pos < name.Length && name[pos] == (byte)'/');
            if (pos == name.Length)
                return 0; // pathname with trailing slashes, done

            err = walk_component(ref nd);
            if (err < 0)
                return err;
            if (!d_can_lookup(nd.path.dentry!))
            {
                if ((nd.flags & LOOKUP_RCU) != 0)
                {
                    if (unlazy_walk(ref nd, null, 0) != 0)
                        return -Errno.ECHILD;
                }
                return -Errno.ENOTDIR;
            }
        }
    }

    /// <summary><c>lookup_last(nd)</c>.</summary>
    internal static int lookup_last(ref nameidata nd)
    {
        if (nd.last_type == nameidata.LAST_NORM && nd.last_has_trailing_slash)
            nd.flags |= LOOKUP_FOLLOW | LOOKUP_DIRECTORY;
        nd.flags &= ~LOOKUP_PARENT;
        return walk_component(ref nd);
    }

    /// <summary><c>path_lookupat(nd, flags, path)</c>: one attempt (RCU, ref or REVAL).</summary>
    internal static int path_lookupat(ref nameidata nd, uint flags, out path result)
    {
        result = default;
        path_init(ref nd, flags);
        int err = link_path_walk(ref nd);
        if (err == 0 && nd.last_type != nameidata.LAST_ROOT)
            err = lookup_last(ref nd);
        if (err == 0)
            err = complete_walk(ref nd);
        if (err == 0 && (nd.flags & LOOKUP_DIRECTORY) != 0 && !d_can_lookup(nd.path.dentry!))
            err = -Errno.ENOTDIR;
        if (err == 0)
        {
            result = nd.path;
            nd.path.dentry = null;
        }
        terminate_walk(ref nd);
        return err;
    }

    /// <summary>
    /// <c>filename_lookup(dfd, name, flags, path, root)</c>: RCU-walk first, then ref-walk on -ECHILD,
    /// then LOOKUP_REVAL on -ESTALE. On success <paramref name="result"/> holds a reference.
    /// </summary>
    public static int filename_lookup(ref nameidata nd, uint flags, out path result)
    {
        int retval = path_lookupat(ref nd, flags | LOOKUP_RCU, out result);
        if (retval == -Errno.ECHILD)
            retval = path_lookupat(ref nd, flags, out result);
        if (retval == -Errno.ESTALE)
            retval = path_lookupat(ref nd, flags | LOOKUP_REVAL, out result);
        return retval;
    }

    /// <summary>
    /// <c>vfs_stat</c>-style entry point: resolve <paramref name="pathname"/> from
    /// <paramref name="root"/>, report the inode (null when the walk failed) and drop the reference.
    /// Returns 0 or a negative errno; <paramref name="lookups"/>/<paramref name="seqRetries"/> are
    /// the walk's own counts.
    /// </summary>
    public static int vfs_stat(dentry root, ReadOnlySpan<byte> pathname, out inode? inode, out long lookups, out long seqRetries)
    {
        var nd = new nameidata(root, pathname);
        int err = filename_lookup(ref nd, LOOKUP_FOLLOW, out path result);
        inode = err == 0 ? d_inode(result.dentry!) : null;
        if (err == 0)
            path_put(nd.dc, ref result);
        lookups = nd.lookups;
        seqRetries = nd.seq_retries;
        return err;
    }

    /// <summary>
    /// <c>path_parentat(nd, flags, parent)</c>: walk to the parent of the last component and stop,
    /// leaving <c>nd.last</c> set; the parent is returned with a reference.
    /// </summary>
    internal static int path_parentat(ref nameidata nd, uint flags, out path parent)
    {
        parent = default;
        path_init(ref nd, flags);
        int err = link_path_walk(ref nd);
        if (err == 0)
            err = complete_walk(ref nd);
        if (err == 0)
        {
            parent = nd.path;
            nd.path.dentry = null;
        }
        terminate_walk(ref nd);
        return err;
    }

    /// <summary><c>filename_parentat()</c>: path_parentat with the RCU → ref → REVAL retries.</summary>
    internal static int filename_parentat(ref nameidata nd, uint flags, out path parent)
    {
        int retval = path_parentat(ref nd, flags | LOOKUP_RCU, out parent);
        if (retval == -Errno.ECHILD)
            retval = path_parentat(ref nd, flags, out parent);
        if (retval == -Errno.ESTALE)
            retval = path_parentat(ref nd, flags | LOOKUP_REVAL, out parent);
        if (retval == 0 && nd.last_type != nameidata.LAST_NORM)
        {
            path_put(nd.dc, ref parent);
            retval = -Errno.EINVAL;
        }
        return retval;
    }
}
