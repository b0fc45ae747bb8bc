// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/nfs/inode.c, fs/nfs/dir.c, fs/nfs/file.c/nfs4file.c and fs/nfs/nfs4proc.c
// (Linux v4.7): open contexts, nfs4_atomic_open → _nfs4_open_and_get_state, nfs_finish_open,
// nfs4_file_open.
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Nfs;

public static partial class nfs
{
    /// <summary><c>create_nfs_open_context(dentry, open_flags)</c>: takes a reference on the dentry.</summary>
    public static nfs_open_context create_nfs_open_context(dentry dentry, uint open_flags)
    {
        dentry.sb.s_dcache.dget(dentry);
        return new nfs_open_context(dentry, open_flags);
    }

    /// <summary><c>put_nfs_open_context(ctx)</c>: drops the context's dentry reference.</summary>
    public static void put_nfs_open_context(nfs_open_context ctx) => ctx.dentry.sb.s_dcache.dput(ctx.dentry);

    /// <summary>
    /// <c>NFS_PROTO(dir)->open_context</c> = <c>nfs4_atomic_open</c> → ... → the OPEN RPC and
    /// <c>_nfs4_open_and_get_state</c>. Returns 0 with the opened inode, or a negative errno.
    /// </summary>
    public static int nfs4_atomic_open(inode dir, nfs_open_context ctx, uint open_flags, ref int opened, out inode? result)
    {
        result = null;
        var mount = NfsMount.NFS_SB(dir.i_sb);
        Dcache dc = mount.Dcache;
        dentry dentry = ctx.dentry;
        dc.race.Hit(RaceSite.nfs_atomic_open_before_open_rpc);
        long time_start = mount.Clock.jiffies;
        task_struct.current.trace.add(TraceEvent.open_rpc, dentry.d_id, (int)open_flags);
        int ret = mount.Server.Open(NfsMount.NFS_I(dir).fileid, name_of(dentry), (open_flags & O_CREAT) != 0,
            (open_flags & O_EXCL) != 0, out ServerEntry e, out bool created, out change_info4 cinfo);
        if (ret != 0)
            return ret;
        if ((open_flags & O_CREAT) != 0)
            update_changeattr(dir, cinfo); // _nfs4_proc_open
        if (created)
            opened |= FILE_CREATED;
        inode state_inode = mount.nfs_fhget(e, time_start);
        ret = _nfs4_open_and_get_state(mount, dir, ctx, state_inode);
        if (ret != 0)
            return ret;
        result = state_inode;
        return 0;
    }

    /// <summary>
    /// <c>_nfs4_open_and_get_state(opendata, fmode, flags, ctx)</c>: after a successful OPEN on a
    /// dentry that is still negative: <c>d_drop</c>, then <c>d_exact_alias</c> (unless the patch
    /// discards it), else <c>d_splice_alias</c>. Nothing holds d_lock or any per-name exclusion
    /// between the drop and the rehash at the end of d_splice_alias: the window of the seed race.
    /// </summary>
    private static int _nfs4_open_and_get_state(NfsMount mount, inode dir, nfs_open_context ctx, inode state_inode)
    {
        Dcache dc = mount.Dcache;
        dentry dentry = ctx.dentry;
        if (d_really_is_negative(dentry))
        {
            dc.d_drop(dentry);
            dc.race.Hit(RaceSite.open_and_get_state_after_d_drop);
            dentry? alias = mount.Patch.nfs4_open_tries_d_exact_alias ? dc.d_exact_alias(dentry, state_inode) : null;
            if (alias is null)
                alias = dc.d_splice_alias(state_inode, dentry);
            // d_splice_alias() can't fail here - it's a non-directory; in the harness its BUG_ON's
            // safe way out returns -EIO, which the open reports.
            if (alias is not null)
            {
                if (dentry.IS_ERR(alias))
                    return dentry.PTR_ERR(alias);
                dc.dput(ctx.dentry);
                ctx.dentry = dentry = alias;
            }
            nfs_set_verifier(dentry, nfs_save_change_attribute(dir));
        }
        return 0;
    }

    /// <summary>
    /// <c>do_open(inode, filp)</c> (fs/nfs/dir.c, v4.7): the <c>open</c> that nfs_finish_open hands to
    /// finish_open. The OPEN RPC has already been done by ->atomic_open, so this only starts fscache
    /// (not modelled): no RPC, no d_drop.
    /// </summary>
    private static int do_open(inode inode, filp filp) => 0;

    private static readonly open_fn s_do_open = do_open;

    /// <summary>
    /// <c>nfs_finish_open(ctx, dentry, file, open_flags, opened)</c>: <c>finish_open(file, dentry,
    /// do_open, opened)</c>, then attach the open context. The file takes its own reference.
    /// </summary>
    public static int nfs_finish_open(nfs_open_context ctx, dentry dentry, filp file, uint open_flags, ref int opened)
    {
        int err = namei.finish_open(file, dentry, s_do_open, ref opened);
        if (err == 0)
            file.private_data = ctx.open_flags; // nfs_file_set_open_context (the model keeps no state)
        return err;
    }

    /// <summary>
    /// <c>nfs4_file_open(inode, filp)</c>: open of a cached positive dentry (vfs_open → f_op->open):
    /// OPEN by name (<c>NFS_PROTO(dir)->open_context</c>); if the server's file is gone or another
    /// one, unhash and return -EOPENSTALE (the VFS retries the walk); else refresh the verifier.
    /// </summary>
    internal static int nfs4_file_open(inode inode, filp file)
    {
        dentry dentry = file.f_path.dentry!;
        dentry parent = dentry.parent;
        inode? dir = d_inode(parent);
        var mount = NfsMount.NFS_SB(inode.i_sb);
        if (dir is null)
            goto out_drop;
        uint openflags = file.f_flags;
        long time_start = mount.Clock.jiffies;
        int err = mount.Server.Open(NfsMount.NFS_I(dir).fileid, name_of(dentry), (openflags & O_CREAT) != 0,
            exclusive: false, out ServerEntry e, out _, out change_info4 cinfo);
        // -EPERM/-EACCES/-EDQUOT/-ENOSPC/-EROFS would keep the dentry (out_put_ctx); the model's
        // server returns none of them, so every error is out_drop.
        if (err != 0)
            goto out_drop;
        if ((openflags & O_CREAT) != 0)
            update_changeattr(dir, cinfo); // _nfs4_proc_open
        if (!ReferenceEquals(mount.nfs_fhget(e, time_start), inode))
            goto out_drop;
        nfs_set_verifier(dentry, nfs_save_change_attribute(dir));
        file.private_data = openflags; // nfs_file_set_open_context
        return 0;
    out_drop:
        mount.Dcache.d_drop(dentry);
        return -Errno.EOPENSTALE;
    }
}
