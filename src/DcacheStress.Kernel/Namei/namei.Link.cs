// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/namei.c (Linux v4.7.4, checked against calebwilliamsd/linux-4.7.4-casio): the
// syscalls Lustre's racer adds to open/unlink/rename/mkdir: filename_create, done_path_create,
// may_delete, vfs_create, sys_mknodat (S_IFREG), vfs_symlink, sys_symlinkat, vfs_link, sys_linkat,
// vfs_rmdir, do_rmdir, and lstat (user_path_at without LOOKUP_FOLLOW).
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.DcacheFlags;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Kernel;

public static partial class namei
{
    /// <summary>
    /// <c>filename_create(dfd, name, path, lookup_flags)</c>: walk to the parent, lock it exclusive,
    /// and look the last component up with LOOKUP_CREATE|LOOKUP_EXCL (<c>__lookup_hash</c>: a plain
    /// <c>d_alloc</c>, never in-lookup). Returns the negative dentry with the parent still locked
    /// (release with <see cref="done_path_create"/>), or ERR_PTR with everything released.
    /// </summary>
    private static dentry filename_create(dentry root, ReadOnlySpan<byte> pathname, uint lookup_flags, out path path, out Dcache dc)
    {
        // Only LOOKUP_REVAL and LOOKUP_DIRECTORY matter here.
        bool is_dir = (lookup_flags & LOOKUP_DIRECTORY) != 0;
        lookup_flags &= LOOKUP_REVAL;
        var nd = new nameidata(root, pathname);
        dc = nd.dc;
        dentry dentry;
        int error = filename_parentat(ref nd, lookup_flags, out path);
        if (error != 0)
            return Kernel.dentry.ERR_PTR(error);
        // mnt_want_write(): no read-only mounts in the model
        lookup_flags |= LOOKUP_CREATE | LOOKUP_EXCL;
        inode dir = path.dentry!.d_inode!;
        dir.inode_lock(); // inode_lock_nested(I_MUTEX_PARENT)
        dentry = __lookup_hash(dc, nd.last, path.dentry, lookup_flags);
        if (dentry.IS_ERR(dentry))
            goto unlock;
        error = -Errno.EEXIST;
        if (!d_is_negative(dentry))
            goto fail;
        // "foo/bar/" names a directory: a trailing slash on anything else is -ENOENT.
        if (!is_dir && nd.last_has_trailing_slash)
        {
            error = -Errno.ENOENT;
            goto fail;
        }
        return dentry;
    fail:
        dc.dput(dentry);
        dentry = Kernel.dentry.ERR_PTR(error);
    unlock:
        dir.inode_unlock();
        path_put(dc, ref path);
        return dentry;
    }

    /// <summary><c>done_path_create(path, dentry)</c>: drop the dentry, unlock and put the parent.</summary>
    private static void done_path_create(Dcache dc, ref path path, dentry dentry)
    {
        dc.dput(dentry);
        path.dentry!.d_inode!.inode_unlock();
        path_put(dc, ref path);
    }

    /// <summary><c>retry_estale(error, flags)</c>: one more try with LOOKUP_REVAL after -ESTALE.</summary>
    private static bool retry_estale(int error, uint flags) => error == -Errno.ESTALE && (flags & LOOKUP_REVAL) == 0;

    /// <summary>
    /// <c>may_delete(dir, victim, isdir)</c>, the checks the model can make (no permissions, no
    /// sticky bit, no mount points): the victim's type against the call, and a dead parent.
    /// </summary>
    internal static int may_delete(inode dir, dentry victim, bool isdir)
    {
        if (d_really_is_negative(victim))
            return -Errno.ENOENT;
        if (isdir)
        {
            if (!d_can_lookup(victim))
                return -Errno.ENOTDIR;
            if (IS_ROOT(victim))
                return -Errno.EBUSY;
        }
        else if (d_can_lookup(victim))
        {
            return -Errno.EISDIR;
        }
        if (dir.IS_DEADDIR)
            return -Errno.ENOENT;
        return 0;
    }

    /// <summary><c>vfs_create(dir, dentry, mode, want_excl)</c>: parent locked exclusive.</summary>
    private static int vfs_create(inode dir, dentry dentry, uint mode, bool want_excl)
    {
        // may_create(): no permission model; mode &= S_IALLUGO; mode |= S_IFREG
        return dir.i_op!.create(dir, dentry, (mode & 0xFFF) | inode.S_IFREG, want_excl);
    }

    /// <summary>
    /// <c>sys_mknodat(dfd, filename, mode, dev)</c> for S_IFREG (racer's <c>mcreate</c>): create
    /// through <c>vfs_create(..., true)</c>, not through open. Other types are not modelled.
    /// </summary>
    public static int do_mknodat(dentry root, ReadOnlySpan<byte> filename, uint mode)
    {
        if ((mode & inode.S_IFMT) is not (0 or inode.S_IFREG))
            return -Errno.EINVAL; // may_mknod: only regular files in the model
        uint lookup_flags = 0;
    retry:
        dentry dentry = filename_create(root, filename, lookup_flags, out path path, out Dcache dc);
        if (dentry.IS_ERR(dentry))
            return dentry.PTR_ERR(dentry);
        int error = vfs_create(path.dentry!.d_inode!, dentry, mode, true);
        done_path_create(dc, ref path, dentry);
        if (retry_estale(error, lookup_flags))
        {
            lookup_flags |= LOOKUP_REVAL;
            goto retry;
        }
        return error;
    }

    /// <summary><c>vfs_symlink(dir, dentry, oldname)</c>.</summary>
    private static int vfs_symlink(inode dir, dentry dentry, string oldname) => dir.i_op!.symlink(dir, dentry, oldname);

    /// <summary><c>sys_symlinkat(oldname, newdfd, newname)</c>: <c>ln -s oldname newname</c>.</summary>
    public static int do_symlinkat(dentry root, string oldname, ReadOnlySpan<byte> newname)
    {
        uint lookup_flags = 0;
    retry:
        dentry dentry = filename_create(root, newname, lookup_flags, out path path, out Dcache dc);
        if (dentry.IS_ERR(dentry))
            return dentry.PTR_ERR(dentry);
        int error = vfs_symlink(path.dentry!.d_inode!, dentry, oldname);
        done_path_create(dc, ref path, dentry);
        if (retry_estale(error, lookup_flags))
        {
            lookup_flags |= LOOKUP_REVAL;
            goto retry;
        }
        return error;
    }

    /// <summary>
    /// <c>vfs_link(old_dentry, dir, new_dentry, delegated_inode)</c>: no hard links to directories
    /// or to an unlinked file (<c>i_nlink == 0</c>; no <c>I_LINKABLE</c> in the model); the source
    /// inode's lock is held around <c>->link</c>.
    /// </summary>
    private static int vfs_link(dentry old_dentry, inode dir, dentry new_dentry)
    {
        inode? inode = old_dentry.d_inode;
        if (inode is null)
            return -Errno.ENOENT;
        if (!ReferenceEquals(dir.i_sb, inode.i_sb))
            return -Errno.EXDEV;
        if (inode.S_ISDIR)
            return -Errno.EPERM;
        inode.inode_lock();
        // Make sure we don't allow creating hardlink to an unlinked file
        int error = Volatile.Read(ref inode.i_nlink) == 0 ? -Errno.ENOENT : dir.i_op!.link(old_dentry, dir, new_dentry);
        inode.inode_unlock();
        return error;
    }

    /// <summary>
    /// <c>sys_linkat(olddfd, oldname, newdfd, newname, 0)</c>: <c>ln oldname newname</c>. The old
    /// name is resolved without following a trailing symlink; the new one is created as
    /// <see cref="filename_create"/> does.
    /// </summary>
    public static int do_linkat(dentry root, ReadOnlySpan<byte> oldname, ReadOnlySpan<byte> newname)
    {
        uint how = 0;
    retry:
        var old_nd = new nameidata(root, oldname);
        int error = filename_lookup(ref old_nd, how, out path old_path);
        if (error != 0)
            return error;
        Dcache dc = old_nd.dc;
        dentry new_dentry = filename_create(root, newname, how & LOOKUP_REVAL, out path new_path, out _);
        if (dentry.IS_ERR(new_dentry))
        {
            error = dentry.PTR_ERR(new_dentry);
            goto out_;
        }
        error = -Errno.EXDEV;
        if (ReferenceEquals(old_path.mnt, new_path.mnt))
            error = vfs_link(old_path.dentry!, new_path.dentry!.d_inode!, new_dentry);
        done_path_create(dc, ref new_path, new_dentry);
        if (retry_estale(error, how))
        {
            path_put(dc, ref old_path);
            how |= LOOKUP_REVAL;
            goto retry;
        }
    out_:
        path_put(dc, ref old_path);
        return error;
    }

    /// <summary>
    /// <c>vfs_rmdir(dir, dentry)</c>: the victim locked exclusive around <c>->rmdir</c>; on success
    /// the directory is marked dead (<c>S_DEAD</c>) and <c>d_delete</c>d. <c>shrink_dcache_parent</c>
    /// is not modelled (no LRU): unused children stay cached under the dead directory's dentry,
    /// where nothing can reach them through a live parent.
    /// </summary>
    private static int vfs_rmdir(Dcache dc, inode dir, dentry dentry)
    {
        int error = may_delete(dir, dentry, true);
        if (error != 0)
            return error;
        dc.dget(dentry);
        inode victim = dentry.d_inode!;
        victim.inode_lock();
        // is_local_mountpoint(): no mounts in the model
        error = dir.i_op!.rmdir(dir, dentry);
        if (error == 0)
        {
            victim.mark_dead();
            // dont_mount(dentry)
            dentry.d_lock.spin_lock();
            dentry.d_flags |= DCACHE_CANT_MOUNT;
            dentry.d_lock.spin_unlock();
        }
        victim.inode_unlock();
        dc.dput(dentry);
        if (error == 0)
            dc.d_delete(dentry);
        return error;
    }

    /// <summary><c>do_rmdir(dfd, pathname)</c>.</summary>
    public static int do_rmdir(dentry root, ReadOnlySpan<byte> pathname)
    {
        uint lookup_flags = 0;
    retry:
        var nd = new nameidata(root, pathname);
        // user_path_parent(); "." / ".." / "/" are not modelled (filename_parentat gives -EINVAL)
        int error = filename_parentat(ref nd, lookup_flags, out path path);
        if (error != 0)
            return error;
        Dcache dc = nd.dc;
        inode dir = path.dentry!.d_inode!;
        dir.inode_lock(); // inode_lock_nested(I_MUTEX_PARENT)
        dentry dentry = __lookup_hash(dc, nd.last, path.dentry, lookup_flags);
        if (dentry.IS_ERR(dentry))
        {
            error = dentry.PTR_ERR(dentry);
            goto exit2;
        }
        error = d_really_is_negative(dentry) ? -Errno.ENOENT : vfs_rmdir(dc, dir, dentry);
        dc.dput(dentry);
    exit2:
        dir.inode_unlock();
        path_put(dc, ref path);
        if (retry_estale(error, lookup_flags))
        {
            lookup_flags |= LOOKUP_REVAL;
            goto retry;
        }
        return error;
    }

    /// <summary>
    /// <c>vfs_lstat</c>-style entry point: <c>user_path_at(dfd, name, 0)</c> (no LOOKUP_FOLLOW),
    /// the inode's type in <paramref name="mode"/> (0 when the walk failed).
    /// </summary>
    public static int vfs_lstat(dentry root, ReadOnlySpan<byte> pathname, out uint mode, out long lookups, out long seqRetries)
    {
        var nd = new nameidata(root, pathname);
        int err = filename_lookup(ref nd, 0, out path result);
        mode = 0;
        if (err == 0)
        {
            mode = d_inode(result.dentry!)?.i_mode ?? 0;
            path_put(nd.dc, ref result);
        }
        lookups = nd.lookups;
        seqRetries = nd.seq_retries;
        return err;
    }
}
