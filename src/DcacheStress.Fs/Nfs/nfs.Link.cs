// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/nfs/dir.c (Linux v4.7.4, checked against calebwilliamsd/linux-4.7.4-casio):
// nfs_link, nfs_symlink, nfs_rmdir, nfs_dentry_handle_enoent; with nfs4_proc_symlink's
// nfs4_do_create → nfs_instantiate.
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.Dcache;

namespace DcacheStress.Fs.Nfs;

public static partial class nfs
{
    /// <summary>
    /// <c>nfs_link(old_dentry, dir, dentry)</c>: parent locked exclusive. Unhash the new name, LINK,
    /// and on success <c>d_add</c> it with the source's inode (a second alias of a regular file).
    /// </summary>
    internal static int nfs_link(NfsMount mount, dentry old_dentry, inode dir, dentry dentry)
    {
        inode inode = d_inode(old_dentry)!;
        // NFS_PROTO(inode)->return_delegation(inode): no delegations in the model
        mount.Dcache.d_drop(dentry);
        inode? old_dir = d_inode(old_dentry.parent);
        if (old_dir is null)
            return -Errno.ESTALE;
        int error = mount.Server.Link(NfsMount.NFS_I(old_dir).fileid, name_of(old_dentry), NfsMount.NFS_I(inode).fileid,
            NfsMount.NFS_I(dir).fileid, name_of(dentry), out ServerEntry e, out change_info4 cinfo);
        if (error == 0)
        {
            // nfs4_proc_link: update_changeattr(dir, &res.cinfo), then nfs_post_op_update_inode
            update_changeattr(dir, cinfo);
            Volatile.Write(ref inode.i_nlink, e.Nlink);
            mount.Dcache.d_add(dentry, inode); // ihold(inode): inode lifetime is the GC's
        }
        return error;
    }

    /// <summary>
    /// <c>nfs_symlink(dir, dentry, symname)</c>: SYMLINK (nfs4_proc_symlink → nfs4_do_create →
    /// <c>nfs_instantiate</c>); on error the dentry is dropped. No page cache for the target.
    /// </summary>
    internal static int nfs_symlink(NfsMount mount, inode dir, dentry dentry, string symname)
    {
        if (symname.Length > 4096)
            return -Errno.ENAMETOOLONG; // pathlen > PAGE_SIZE
        long time_start = mount.Clock.jiffies;
        int error = mount.Server.Symlink(NfsMount.NFS_I(dir).fileid, name_of(dentry), symname, out ServerEntry e, out change_info4 cinfo);
        if (error != 0)
        {
            mount.Dcache.d_drop(dentry);
            return error;
        }
        update_changeattr(dir, cinfo); // _nfs4_proc_create
        return nfs_instantiate(mount, dentry, e, time_start);
    }

    /// <summary><c>nfs_dentry_handle_enoent(dentry)</c>: the server says it is gone: delete it here too.</summary>
    private static void nfs_dentry_handle_enoent(NfsMount mount, dentry dentry)
    {
        if (d_inode(dentry) is not null) // simple_positive(): positive and hashed
        {
            if (!d_unhashed(dentry))
                mount.Dcache.d_delete(dentry);
        }
    }

    /// <summary>
    /// <c>nfs_rmdir(dir, dentry)</c>: parent and victim locked exclusive; RMDIR, and on ENOENT the
    /// victim is deleted locally. (<c>rmdir_sem</c>, which orders this against sillyrename's async
    /// unlink of a file inside, is not modelled: while the silly file exists the server's RMDIR says
    /// ENOTEMPTY, and once it is gone there is nothing left to order.)
    /// </summary>
    internal static int nfs_rmdir(NfsMount mount, inode dir, dentry dentry)
    {
        int error = mount.Server.Rmdir(NfsMount.NFS_I(dir).fileid, name_of(dentry), out change_info4 cinfo);
        if (error == 0)
            update_changeattr(dir, cinfo); // nfs4_proc_rmdir → _nfs4_proc_remove
        if (d_inode(dentry) is { } inode)
        {
            if (error == 0)
                Volatile.Write(ref inode.i_nlink, 0); // clear_nlink: the VFS deletes this inode
            else if (error == -Errno.ENOENT)
                nfs_dentry_handle_enoent(mount, dentry);
        }
        return error;
    }
}
