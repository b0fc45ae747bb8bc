// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/namei.c and fs/readdir.c (Linux v4.7): lookup_dcache, lookup_real, __lookup_hash,
// do_unlinkat, vfs_unlink, do_renameat2 (one directory), vfs_rename, do_mkdirat, vfs_mkdir,
// iterate_dir.
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.DcacheFlags;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Kernel;

public static partial class namei
{
    /// <summary>
    /// <c>lookup_dcache(name, dir, flags)</c>: hashed lookup + revalidate; an invalid one is
    /// invalidated and null returned (ERR_PTR(0)).
    /// </summary>
    private static dentry? lookup_dcache(Dcache dc, in qstr name, dentry dir, uint flags)
    {
        dentry? dentry = dc.d_lookup(dir, name);
        if (dentry is not null && (Volatile.Read(ref dentry.d_flags) & DCACHE_OP_REVALIDATE) != 0)
        {
            int error = d_revalidate(dentry, flags);
            if (error <= 0)
            {
                if (error == 0)
                    dc.d_invalidate(dentry);
                dc.dput(dentry);
                return error == 0 ? null : dentry.ERR_PTR(error);
            }
        }
        return dentry;
    }

    /// <summary><c>lookup_real(dir, dentry, flags)</c>: call <c>->lookup</c> on a fresh (not in-lookup) dentry.</summary>
    private static dentry lookup_real(Dcache dc, inode dir, dentry dentry, uint flags)
    {
        if (dir.IS_DEADDIR)
        {
            dc.dput(dentry);
            return dentry.ERR_PTR(-Errno.ENOENT);
        }
        dentry? old = dir.i_op!.lookup(dir, dentry, flags);
        if (old is not null)
        {
            dc.dput(dentry);
            dentry = old;
        }
        return dentry;
    }

    /// <summary>
    /// <c>lookup_one_len(name, base, len)</c>: look a name up in <paramref name="base"/>, whose
    /// i_rwsem the caller holds exclusive (NFS's sillyrename uses it).
    /// </summary>
    public static dentry lookup_one_len(ReadOnlySpan<byte> name, dentry @base)
    {
        return __lookup_hash(@base.d_sb.s_dcache, qstr.from(name), @base, 0);
    }

    /// <summary>
    /// <c>__lookup_hash(name, base, flags)</c>: the exclusive-lock lookup of unlink/rename/mkdir: a
    /// plain <c>d_alloc</c> (not d_alloc_parallel) handed to <c>->lookup</c>, so the filesystem sees
    /// a dentry that is not in-lookup (Viro, LKML 2016-07).
    /// </summary>
    private static dentry __lookup_hash(Dcache dc, in qstr name, dentry @base, uint flags)
    {
        dentry? dentry = lookup_dcache(dc, name, @base, flags);
        if (dentry is not null)
            return dentry;
        dentry = dc.d_alloc(@base, name);
        return lookup_real(dc, @base.d_inode!, dentry, flags);
    }

    /// <summary><c>vfs_unlink(dir, dentry)</c>: parent locked exclusive.</summary>
    private static int vfs_unlink(Dcache dc, inode dir, dentry dentry)
    {
        int error = may_delete(dir, dentry, false);
        if (error != 0)
            return error;
        inode target = dentry.d_inode!;
        target.inode_lock();
        error = dir.i_op!.unlink(dir, dentry);
        target.inode_unlock();
        // We don't d_delete() NFS sillyrenamed files--they still exist.
        if (error == 0 && (Volatile.Read(ref dentry.d_flags) & DCACHE_NFSFS_RENAMED) == 0)
            dc.d_delete(dentry);
        return error;
    }

    /// <summary><c>do_unlinkat(dfd, pathname)</c>.</summary>
    public static int do_unlinkat(dentry root, ReadOnlySpan<byte> pathname)
    {
        var nd = new nameidata(root, pathname);
        int error = filename_parentat(ref nd, 0, out path parent);
        if (error != 0)
            return error;
        inode dir = parent.dentry!.d_inode!;
        dir.inode_lock(); // inode_lock_nested(I_MUTEX_PARENT)
        dentry dentry = __lookup_hash(nd.dc, nd.last, parent.dentry, 0);
        error = dentry.IS_ERR(dentry) ? dentry.PTR_ERR(dentry) : 0;
        if (error == 0)
        {
            // Why not before? Because we want correct error value
            if (nd.last_has_trailing_slash || d_is_negative(dentry))
                error = d_is_negative(dentry) ? -Errno.ENOENT : -Errno.ENOTDIR;
            else
                error = vfs_unlink(nd.dc, dir, dentry);
            nd.dc.dput(dentry);
        }
        dir.inode_unlock();
        path_put(nd.dc, ref parent);
        return error;
    }

    /// <summary><c>vfs_rename(old_dir, old_dentry, new_dir, new_dentry)</c>: parents locked.</summary>
    private static int vfs_rename(Dcache dc, inode old_dir, dentry old_dentry, inode new_dir, dentry new_dentry)
    {
        inode source = old_dentry.d_inode!;
        inode? target = new_dentry.d_inode;
        if (ReferenceEquals(source, target))
            return 0;
        // may_delete(old_dir, old_dentry, is_dir), then may_delete(new_dir, new_dentry, is_dir)
        // for an existing target: a directory only replaces a directory, a file only a file.
        bool is_dir = d_can_lookup(old_dentry);
        int error = may_delete(old_dir, old_dentry, is_dir);
        if (error == 0 && target is not null)
            error = may_delete(new_dir, new_dentry, is_dir);
        if (error != 0)
            return error;
        // lock_two_nondirectories(source, target): ordered by inode number
        inode first = target is null || source.i_ino < target.i_ino ? source : target;
        inode? second = target is null ? null : ReferenceEquals(first, source) ? target : source;
        first.inode_lock();
        second?.inode_lock();
        error = old_dir.i_op!.rename(old_dir, old_dentry, new_dir, new_dentry);
        if (error == 0 && !old_dir.i_sb.s_rename_does_d_move)
            dc.d_move(old_dentry, new_dentry);
        second?.inode_unlock();
        first.inode_unlock();
        return error;
    }

    /// <summary>
    /// <c>do_renameat2(olddfd, oldname, newdfd, newname, 0)</c> for two names in one directory
    /// (lock_rename on one parent is inode_lock of it).
    /// </summary>
    public static int do_renameat(dentry root, ReadOnlySpan<byte> oldname, ReadOnlySpan<byte> newname)
    {
        var old_nd = new nameidata(root, oldname);
        int error = filename_parentat(ref old_nd, 0, out path old_path);
        if (error != 0)
            return error;
        var new_nd = new nameidata(root, newname);
        error = filename_parentat(ref new_nd, 0, out path new_path);
        if (error != 0)
        {
            path_put(old_nd.dc, ref old_path);
            return error;
        }
        Dcache dc = old_nd.dc;
        if (!ReferenceEquals(old_path.dentry, new_path.dentry))
        {
            error = -Errno.EINVAL; // cross-directory rename is not modelled (no s_vfs_rename_mutex)
            goto exit2;
        }
        inode dir = old_path.dentry!.d_inode!;
        dir.inode_lock(); // lock_rename(new_dir, old_dir) with one directory
        dentry old_dentry = __lookup_hash(dc, old_nd.last, old_path.dentry, 0);
        if (dentry.IS_ERR(old_dentry))
        {
            error = dentry.PTR_ERR(old_dentry);
            goto exit3;
        }
        if (d_is_negative(old_dentry))
        {
            error = -Errno.ENOENT;
            goto exit4;
        }
        dentry new_dentry = __lookup_hash(dc, new_nd.last, new_path.dentry!, LOOKUP_RENAME_TARGET);
        if (dentry.IS_ERR(new_dentry))
        {
            error = dentry.PTR_ERR(new_dentry);
            goto exit4;
        }
        error = ReferenceEquals(old_dentry, new_dentry) ? 0 : vfs_rename(dc, dir, old_dentry, dir, new_dentry);
        dc.dput(new_dentry);
    exit4:
        dc.dput(old_dentry);
    exit3:
        dir.inode_unlock();
    exit2:
        path_put(dc, ref new_path);
        path_put(dc, ref old_path);
        return error;
    }

    /// <summary><c>do_mkdirat(dfd, pathname, mode)</c>: filename_create + vfs_mkdir.</summary>
    public static int do_mkdirat(dentry root, ReadOnlySpan<byte> pathname, uint mode)
    {
        var nd = new nameidata(root, pathname);
        int error = filename_parentat(ref nd, 0, out path parent);
        if (error != 0)
            return error;
        inode dir = parent.dentry!.d_inode!;
        dir.inode_lock();
        dentry dentry = __lookup_hash(nd.dc, nd.last, parent.dentry, LOOKUP_CREATE | LOOKUP_EXCL);
        if (dentry.IS_ERR(dentry))
        {
            error = dentry.PTR_ERR(dentry);
        }
        else
        {
            error = d_really_is_negative(dentry) ? dir.i_op!.mkdir(dir, dentry, mode | inode.S_IFDIR) : -Errno.EEXIST;
            nd.dc.dput(dentry);
        }
        dir.inode_unlock();
        path_put(nd.dc, ref parent);
        return error;
    }

    /// <summary>
    /// <c>iterate_dir(file, ctx)</c> for <c>->iterate_shared</c>: the directory's i_rwsem held shared
    /// around the filesystem's readdir (which, for NFS, primes the dcache).
    /// </summary>
    public static int iterate_dir(filp file, dir_context ctx)
    {
        inode inode = d_inode(file.f_path.dentry!)!;
        if (inode.i_fop is null)
            return -Errno.ENOTDIR;
        inode.inode_lock_shared();
        int res = -Errno.ENOENT;
        if (!inode.IS_DEADDIR)
            res = inode.i_fop.iterate_shared(file, ctx);
        inode.inode_unlock_shared();
        return res;
    }

    /// <summary><see cref="iterate_dir(filp, dir_context)"/> that only counts the names.</summary>
    public static int iterate_dir(filp file, out int entries)
    {
        var ctx = new dir_context();
        int res = iterate_dir(file, ctx);
        entries = ctx.count;
        return res;
    }
}
