// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/namei.c and fs/open.c (Linux v4.7): lookup_open, atomic_open, do_last,
// path_openat, do_filp_open, finish_open, finish_no_open, vfs_open, fput.
using DcacheStress.Kernel.Locking;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.DcacheFlags;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Kernel;

public static partial class namei
{
    /// <summary>
    /// <c>finish_open(file, dentry, open, opened)</c> (fs/open.c, v4.7): called by <c>->atomic_open</c>
    /// when it opened the file. <paramref name="open"/> runs in place of <c>f_op->open</c> (null: the
    /// file's own); NFS passes its <c>do_open</c>, which sends no RPC. The file takes its own
    /// reference on the dentry (do_dentry_open's path_get).
    /// </summary>
    public static int finish_open(filp file, dentry dentry, open_fn? open, ref int opened)
    {
        // BUG_ON(*opened & FILE_OPENED): ->atomic_open is called at most once per open attempt
        // (do_last checks the same condition before vfs_open).
        file.f_path.dentry = dentry;
        int error = do_dentry_open(file, d_backing_inode(dentry)!, open);
        if (error == 0)
            opened |= FILE_OPENED;
        return error;
    }

    /// <summary>
    /// <c>finish_no_open(file, dentry)</c>: <c>->atomic_open</c> did not open; hand the VFS the dentry
    /// to use (the caller's reference goes with it). Returns 1.
    /// </summary>
    public static int finish_no_open(filp file, dentry? dentry)
    {
        file.f_path.dentry = dentry;
        return 1;
    }

    /// <summary>
    /// <c>do_dentry_open(f, inode, open, cred)</c>: path_get, then <paramref name="open"/> if the
    /// caller gave one, else the filesystem's <c>f_op->open</c>.
    /// </summary>
    private static int do_dentry_open(filp file, inode inode, open_fn? open)
    {
        dentry d = file.f_path.dentry!;
        d.d_sb.s_dcache.dget(d); // path_get(&f->f_path)
        int error;
        if (open is not null)
            error = open(inode, file);
        else
            error = inode.i_fop?.open(inode, file) ?? 0; // open = f->f_op->open
        if (error != 0)
        {
            d.d_sb.s_dcache.dput(d);
            file.f_path.dentry = null;
            return error;
        }
        file.opened = true;
        return 0;
    }

    /// <summary><c>vfs_open(path, file, cred)</c>: <c>do_dentry_open</c> with no <c>open</c> argument (f_op->open).</summary>
    private static int vfs_open(in path path, filp file)
    {
        file.f_path = path;
        return do_dentry_open(file, d_backing_inode(path.dentry!)!, null);
    }

    /// <summary><c>fput(file)</c>: the last reference: <c>->release</c>, then drop the path.</summary>
    public static void fput(filp file)
    {
        if (!file.opened)
            return;
        dentry d = file.f_path.dentry!;
        inode? inode = d_backing_inode(d);
        if (inode is not null)
            inode.i_fop?.release(inode, file);
        file.opened = false;
        d.d_sb.s_dcache.dput(d);
        file.f_path.dentry = null;
    }

    /// <summary>
    /// <c>atomic_open(nd, dentry, path, file, op, open_flag, mode, opened)</c>: call the filesystem's
    /// <c>->atomic_open</c>, end in-lookup, and sort out which dentry the VFS continues with.
    /// </summary>
    private static int atomic_open(ref nameidata nd, dentry dentry, out path path, filp file, in open_flags op,
        uint open_flag, uint mode, ref int opened)
    {
        path = default;
        inode dir = nd.path.dentry!.d_inode!;
        int error;
        if ((open_flag & (O_EXCL | O_CREAT)) == (O_EXCL | O_CREAT))
            open_flag &= ~O_TRUNC;
        if ((nd.flags & LOOKUP_DIRECTORY) != 0)
            open_flag |= O_DIRECTORY;
        file.f_path.dentry = filp.DENTRY_NOT_SET;
        file.f_path.mnt = nd.path.mnt;
        error = dir.i_op!.atomic_open(dir, dentry, file, open_flag, mode, ref opened);
        nd.dc.d_lookup_done(dentry);
        if (error == 0)
        {
            // We didn't have the inode before the open, so check open permission here.
            if ((opened & FILE_CREATED) != 0)
                nd.dc.bug.On(Invariant.atomic_open_file_created_no_creat, (open_flag & O_CREAT) == 0, dentry);
            // may_open(): no permission model
        }
        else if (error > 0)
        {
            if (ReferenceEquals(file.f_path.dentry, filp.DENTRY_NOT_SET))
            {
                error = -Errno.EIO; // WARN_ON(file->f_path.dentry == DENTRY_NOT_SET)
            }
            else
            {
                if (file.f_path.dentry is not null)
                {
                    nd.dc.dput(dentry);
                    dentry = file.f_path.dentry;
                }
                if (d_is_negative(dentry))
                {
                    error = -Errno.ENOENT;
                }
                else
                {
                    path.dentry = dentry;
                    path.mnt = nd.path.mnt;
                    return 1;
                }
            }
        }
        nd.dc.dput(dentry);
        return error;
    }

    /// <summary>
    /// <c>lookup_open(nd, path, file, op, got_write, opened)</c>: parent's i_rwsem held exclusive for
    /// O_CREAT, shared otherwise. Find or make the dentry (d_lookup, d_alloc_parallel, revalidate),
    /// then <c>->atomic_open</c> for every negative one — including a hashed negative dentry that
    /// other threads may hold too, which is the seed race's entry point.
    /// </summary>
    private static int lookup_open(ref nameidata nd, out path path, filp file, in open_flags op, bool got_write, ref int opened)
    {
        path = default;
        dentry dir = nd.path.dentry!;
        inode dir_inode = dir.d_inode!;
        dentry? dentry;
        int error, create_error = 0;
        uint mode = op.mode;
        uint open_flag = op.open_flag;
        var wq = new wait_queue_head_t(); // DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq)

        if (dir_inode.IS_DEADDIR)
            return -Errno.ENOENT;

        opened &= ~FILE_CREATED;
        dentry = nd.dc.d_lookup(dir, nd.last);
        for (; ; )
        {
            if (dentry is null)
            {
                dentry = nd.dc.d_alloc_parallel(dir, nd.last, wq);
                if (dentry.IS_ERR(dentry))
                    return dentry.PTR_ERR(dentry);
            }
            if (d_in_lookup(dentry))
                break;
            if ((Volatile.Read(ref dentry.d_flags) & DCACHE_OP_REVALIDATE) == 0)
                break;
            error = d_revalidate(dentry, nd.flags);
            if (error > 0)
                break;
            if (error != 0)
                goto out_dput;
            nd.dc.d_invalidate(dentry);
            nd.dc.dput(dentry);
            dentry = null;
        }
        nd.dc.race.Hit(RaceSite.lookup_open_after_revalidate);

        if (d_inode(dentry) is not null)
        {
            // Cached positive dentry: will open in f_op->open
            goto out_no_open;
        }

        // Checking write permission is tricky, bacuse we don't know if we are going to actually
        // need it: O_CREAT opens should work as long as the file exists. (No read-only mounts in
        // the model: got_write is always true for writing opens.)
        if ((open_flag & O_CREAT) != 0)
        {
            if (!got_write)
            {
                create_error = -Errno.EPERM;
                open_flag &= ~O_CREAT;
                if ((open_flag & (O_EXCL | O_TRUNC)) != 0)
                    goto no_open;
            }
        }
        else if ((open_flag & (O_TRUNC | O_WRONLY | O_RDWR)) != 0 && !got_write)
        {
            goto no_open;
        }

        if (dir_inode.i_op!.has_atomic_open)
        {
            if ((open_flag & O_CREAT) == 0 && !d_in_lookup(dentry))
                nd.dc.bug.Observe(Observation.atomic_open_shared_negative);
            error = atomic_open(ref nd, dentry, out path, file, op, open_flag, mode, ref opened);
            if (error == -Errno.ENOENT && create_error != 0)
                error = create_error;
            return error;
        }

    no_open:
        if (d_in_lookup(dentry))
        {
            dentry? res = dir_inode.i_op!.lookup(dir_inode, dentry, nd.flags);
            nd.dc.d_lookup_done(dentry);
            if (res is not null)
            {
                if (dentry.IS_ERR(res))
                {
                    error = dentry.PTR_ERR(res);
                    goto out_dput;
                }
                nd.dc.dput(dentry);
                dentry = res;
            }
        }

        // Negative dentry, just create the file
        if (d_inode(dentry) is null && (open_flag & O_CREAT) != 0)
        {
            opened |= FILE_CREATED;
            error = dir_inode.i_op!.create(dir_inode, dentry, mode, (open_flag & O_EXCL) != 0);
            if (error != 0)
                goto out_dput;
        }
        if (create_error != 0 && d_inode(dentry) is null)
        {
            error = create_error;
            goto out_dput;
        }
    out_no_open:
        path.dentry = dentry;
        path.mnt = nd.path.mnt;
        return 1;

    out_dput:
        nd.dc.dput(dentry);
        return error;
    }

    /// <summary>
    /// <c>do_last(nd, file, op, opened)</c>: open the last component. Without O_CREAT try
    /// <c>lookup_fast</c> first (a valid cached negative gives -ENOENT right there), else take the
    /// parent's i_rwsem (exclusive for O_CREAT, shared otherwise) around <c>lookup_open</c>.
    /// As in 4.7, an -EOPENSTALE from vfs_open goes back to path_openat, which retries the whole
    /// walk (in ref mode, then with LOOKUP_REVAL).
    /// </summary>
    private static int do_last(ref nameidata nd, filp file, in open_flags op, ref int opened)
    {
        dentry dir = nd.path.dentry!;
        uint open_flag = op.open_flag;
        bool got_write = false;
        uint seq = 0;
        inode? inode;
        path path;
        int error;

        nd.flags &= ~LOOKUP_PARENT;
        nd.flags |= op.intent;

        if (nd.last_type != nameidata.LAST_NORM)
        {
            // handle_dots: the root itself ("/")
            goto finish_open;
        }

        if ((open_flag & O_CREAT) == 0)
        {
            if (nd.last_has_trailing_slash)
                nd.flags |= LOOKUP_FOLLOW | LOOKUP_DIRECTORY;
            // we _can_ be in RCU mode here
            error = lookup_fast(ref nd, out path, out inode, out seq);
            if (error > 0)
                goto finish_lookup;
            if (error < 0)
                return error;
            nd.dc.bug.On(Invariant.do_last_inode_mismatch, !ReferenceEquals(nd.inode, dir.d_inode), dir); // BUG_ON(nd->inode != dir->d_inode)
            nd.dc.bug.On(Invariant.do_last_still_rcu, (nd.flags & LOOKUP_RCU) != 0, dir);                // BUG_ON(nd->flags & LOOKUP_RCU)
        }
        else
        {
            // create side of things: get the parent's inode locked (after complete_walk)
            error = complete_walk(ref nd);
            if (error != 0)
                return error;
            // trailing slashes?
            if (nd.last_has_trailing_slash)
                return -Errno.EISDIR;
        }

        if ((open_flag & (O_CREAT | O_TRUNC | O_WRONLY | O_RDWR)) != 0)
            got_write = true; // mnt_want_write(): never read-only in the model
        if ((open_flag & O_CREAT) != 0)
            dir.d_inode!.inode_lock();
        else
            dir.d_inode!.inode_lock_shared();
        error = lookup_open(ref nd, out path, file, op, got_write, ref opened);
        if ((open_flag & O_CREAT) != 0)
            dir.d_inode!.inode_unlock();
        else
            dir.d_inode!.inode_unlock_shared();

        if (error <= 0)
        {
            if (error != 0)
                goto out_;
            goto opened_;
        }

        if ((opened & FILE_CREATED) != 0)
        {
            path_to_nameidata(path, ref nd);
            goto finish_open_created;
        }

        if ((open_flag & (O_EXCL | O_CREAT)) == (O_EXCL | O_CREAT))
        {
            path_to_nameidata(path, ref nd);
            return -Errno.EEXIST;
        }

        // follow_managed: nothing mounted
        if (d_is_negative(path.dentry!))
        {
            path_to_nameidata(path, ref nd);
            return -Errno.ENOENT;
        }

        // Note: we refer to d_inode(path.dentry) and not nd.inode, because we are out of RCU mode.
        seq = 0;
        inode = d_backing_inode(path.dentry!);

    finish_lookup:
        // should_follow_link: no symlinks
        path_to_nameidata(path, ref nd);
        nd.inode = inode;
        nd.seq = seq;

    finish_open:
        error = complete_walk(ref nd);
        if (error != 0)
            return error;
        error = -Errno.EISDIR;
        if ((open_flag & O_CREAT) != 0 && d_can_lookup(nd.path.dentry!))
            goto out_;
        error = -Errno.ENOTDIR;
        if ((nd.flags & LOOKUP_DIRECTORY) != 0 && !d_can_lookup(nd.path.dentry!))
            goto out_;

    finish_open_created:
        // may_open(): no permission model; its S_IFLNK case gives -ELOOP. A trailing symlink is
        // never followed in the model (no get_link), so every open of one ends here.
        error = -Errno.ELOOP;
        if (d_backing_inode(nd.path.dentry!)?.S_ISLNK == true)
            goto out_;
        if ((opened & FILE_OPENED) != 0)
        {
            error = -Errno.EINVAL; // BUG_ON(*opened & FILE_OPENED): once it's opened, it's opened
            goto out_;
        }
        error = vfs_open(nd.path, file);
        if (error == 0)
            opened |= FILE_OPENED;
        else
            goto out_; // -EOPENSTALE: path_openat turns it into a whole-walk retry
    opened_:
        // open_check_o_direct / ima_file_check / handle_truncate: nothing to do in the model
    out_:
        if (error != 0 && (opened & FILE_OPENED) != 0)
            fput(file);
        if (error > 0)
            error = -Errno.EINVAL; // WARN_ON(1)
        return error;
    }

    /// <summary><c>path_openat(nd, op, flags)</c>: one attempt at opening.</summary>
    private static int path_openat(ref nameidata nd, in open_flags op, uint flags, out filp? result)
    {
        var file = new filp { f_flags = op.open_flag }; // get_empty_filp()
        int opened = 0;
        result = null;
        path_init(ref nd, flags);
        int error = link_path_walk(ref nd);
        if (error == 0)
            error = do_last(ref nd, file, op, ref opened);
        terminate_walk(ref nd);
        if (error != 0)
        {
            if (error == -Errno.EOPENSTALE)
                error = (flags & LOOKUP_RCU) != 0 ? -Errno.ECHILD : -Errno.ESTALE;
            return error;
        }
        result = file;
        return 0;
    }

    /// <summary>
    /// <c>do_filp_open(dfd, pathname, op)</c>: RCU-walk first, then ref-walk on -ECHILD, then REVAL on
    /// -ESTALE. On success the returned file holds a reference on its dentry (release with
    /// <see cref="fput"/>).
    /// </summary>
    public static int do_filp_open(dentry root, ReadOnlySpan<byte> pathname, uint flags, uint mode, out filp? file,
        out long lookups, out long seqRetries)
    {
        var op = open_flags.build_open_flags(flags, mode);
        var nd = new nameidata(root, pathname);
        int error = path_openat(ref nd, op, op.lookup_flags | LOOKUP_RCU, out file);
        if (error == -Errno.ECHILD)
            error = path_openat(ref nd, op, op.lookup_flags, out file);
        if (error == -Errno.ESTALE)
            error = path_openat(ref nd, op, op.lookup_flags | LOOKUP_REVAL, out file);
        lookups = nd.lookups;
        seqRetries = nd.seq_retries;
        return error;
    }
}
