// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/nfs/unlink.c and fs/nfs/dir.c (Linux v4.7): nfs_sillyrename, nfs_async_unlink,
// nfs_complete_unlink, nfs_dentry_iput.
using System.Text;
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.DcacheFlags;

namespace DcacheStress.Fs.Nfs;

public static partial class nfs
{
    /// <summary><c>SILLYNAME_PREFIX</c>.</summary>
    private const string SILLYNAME_PREFIX = ".nfs";

    private static int s_sillycounter;

    /// <summary>
    /// <c>nfs_sillyrename(dir, dentry)</c>: unlink of a file that is still in use. Find an unused
    /// <c>.nfs&lt;fileid&gt;&lt;counter&gt;</c> name (<c>lookup_one_len</c> until negative), queue the
    /// unlink (<c>nfs_async_unlink</c>: DCACHE_NFSFS_RENAMED), RENAME the file to it on the server
    /// and <c>d_move</c> the dentry there. The silly name is removed when the last reference goes
    /// (<c>nfs_dentry_iput</c>). 4.7 runs the RENAME as an RPC task and waits for it; the model
    /// calls it directly. Parent's i_rwsem held exclusive.
    /// </summary>
    internal static int nfs_sillyrename(NfsMount mount, inode dir, dentry dentry)
    {
        Dcache dc = mount.Dcache;
        int error = -Errno.EBUSY;
        // We don't allow a dentry to be silly-renamed twice.
        if ((Volatile.Read(ref dentry.d_flags) & DCACHE_NFSFS_RENAMED) != 0)
            return error;
        ulong fileid = NfsMount.NFS_I(dentry.inode!).fileid;

        dentry? sdentry = null;
        byte[] silly;
        do
        {
            if (sdentry is not null)
                dc.dput(sdentry);
            int counter = Interlocked.Increment(ref s_sillycounter);
            silly = Encoding.ASCII.GetBytes($"{SILLYNAME_PREFIX}{fileid:x16}{(uint)counter:x8}");
            sdentry = namei.lookup_one_len(silly, dentry.d_parent);
            // N.B. Better to return EBUSY here ... it could be dangerous to delete the file while it's in use.
            if (dentry.IS_ERR(sdentry))
                return error;
        } while (d_inode(sdentry) is not null); // need negative lookup

        // queue unlink first
        error = nfs_async_unlink(dentry);
        if (error != 0)
            goto out_dput;

        // run the rename task, undo unlink if it fails (nfs_complete_sillyrename)
        error = mount.Server.Rename(NfsMount.NFS_I(dir).fileid, name_of(dentry), name_of(sdentry), out change_info4 cinfo);
        if (error == 0)
        {
            update_changeattr(dir, cinfo); // nfs4_proc_rename_done (old_dir == new_dir)
            // The rename succeeded
            nfs_set_verifier(dentry, nfs_save_change_attribute(dir));
            dc.d_move(dentry, sdentry);
        }
        else
        {
            nfs_cancel_async_unlink(dentry);
        }
    out_dput:
        dc.dput(sdentry);
        return error;
    }

    /// <summary>
    /// <c>nfs_async_unlink(dentry, name)</c>: mark the dentry DCACHE_NFSFS_RENAMED (under d_lock), so
    /// that its final dput kills it (nfs_dentry_delete) and removes the silly name (nfs_dentry_iput).
    /// </summary>
    private static int nfs_async_unlink(dentry dentry)
    {
        int status = -Errno.EBUSY;
        dentry.d_lock.spin_lock();
        if ((dentry.d_flags & DCACHE_NFSFS_RENAMED) == 0)
        {
            Volatile.Write(ref dentry.d_flags, dentry.d_flags | DCACHE_NFSFS_RENAMED);
            status = 0;
        }
        dentry.d_lock.spin_unlock();
        return status;
    }

    /// <summary><c>nfs_cancel_async_unlink(dentry)</c>: the rename failed; the file keeps its name.</summary>
    private static void nfs_cancel_async_unlink(dentry dentry)
    {
        dentry.d_lock.spin_lock();
        Volatile.Write(ref dentry.d_flags, dentry.d_flags & ~DCACHE_NFSFS_RENAMED);
        dentry.d_lock.spin_unlock();
    }

    /// <summary>
    /// <c>nfs_dentry_iput(dentry, inode)</c>: the last user of a sillyrenamed file is gone:
    /// <c>nfs_complete_unlink</c> sends REMOVE for the silly name (4.7: an async RPC task).
    /// </summary>
    internal static void nfs_dentry_iput(NfsMount mount, dentry dentry, inode inode)
    {
        if ((Volatile.Read(ref dentry.d_flags) & DCACHE_NFSFS_RENAMED) == 0)
            return; // iput(inode)
        nfs_complete_unlink(mount, dentry, inode);
    }

    /// <summary>
    /// <c>nfs_complete_unlink(dentry, inode)</c> → <c>nfs_call_unlink</c>: REMOVE of the dentry's
    /// (silly) name in its parent, then <c>update_changeattr</c> (nfs4_proc_unlink_done). 4.7 also
    /// waits on the parent's rmdir_sem and defers when another dentry of the silly name exists;
    /// the model has no rmdir and nobody else looks such names up.
    /// </summary>
    private static void nfs_complete_unlink(NfsMount mount, dentry dentry, inode inode)
    {
        dentry parent = dentry.d_parent;
        inode? dir = d_inode(parent);
        if (dir is null)
            return;
        int error = mount.Server.Remove(NfsMount.NFS_I(dir).fileid, name_of(dentry), out change_info4 cinfo);
        if (error == 0)
        {
            update_changeattr(dir, cinfo);
            nfs_drop_nlink(inode);
        }
    }
}
