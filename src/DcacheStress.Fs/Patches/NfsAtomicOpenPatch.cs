// SPDX-License-Identifier: GPL-2.0-only
// nfs_atomic_open(), ported from fs/nfs/dir.c: the shape of Linux v4.7 final, with the two
// points where v4.7-rc6, Viro's 2016-07-03 patch and v4.7 differ left to each patch class.
using DcacheStress.Fs.Nfs;
using DcacheStress.Kernel;
using DcacheStress.Kernel.Locking;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Patches;

/// <summary>
/// <c>nfs_atomic_open</c> in its 4.7 form. The versions differ in exactly two places, each a
/// protected member: whether (and on what condition) to switch to a private dentry from
/// <c>d_alloc_parallel</c>, and what the O_DIRECTORY test trusts. Everything else is one text: in
/// particular rc6, Viro's patch and 4.7 all <c>d_drop</c> the dentry before <c>switch (err)</c> for
/// every OPEN error (the rc6 fs/nfs/dir.c and the seed patch's result were rebuilt and matched by
/// blob hash against the seed diff's <c>index d8015a03..5474e39</c> line; only 4.7-rc3 had the
/// d_drop inside the -ENOENT case).
/// </summary>
public abstract class NfsAtomicOpenPatch : NfsPatch
{
    /// <summary>The switch condition (false = no switch block, as before the seed patch).</summary>
    protected abstract bool should_switch(dentry dentry, uint open_flags);

    /// <summary>The O_DIRECTORY test: true = trust the cached negative and return -ENOENT.</summary>
    protected abstract bool o_directory_trusts_cached(dentry dentry);

    /// <summary>A check a patch makes on entry (default none).</summary>
    protected virtual void on_enter(Dcache dc, dentry dentry, uint open_flags)
    {
    }

    /// <inheritdoc/>
    public sealed override int nfs_atomic_open(inode dir, dentry dentry, filp file, uint open_flags, uint mode, ref int opened)
    {
        Dcache dc = dir.i_sb.s_dcache;
        var wq = new wait_queue_head_t(); // DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq)
        uint lookup_flags = 0;
        bool switched = false;
        int err;
        dentry? res;

        // Expect a negative dentry: BUG_ON(d_inode(dentry)). Safe way out: let the VFS open the
        // now positive dentry itself (finish_no_open with no new dentry keeps its reference).
        if (dc.bug.On(Invariant.nfs_atomic_open_positive, d_inode(dentry) is not null, dentry))
            return namei.finish_no_open(file, null);
        on_enter(dc, dentry, open_flags);

        // nfs_check_flags(open_flags): the model never passes O_APPEND|O_DIRECT combinations
        if ((open_flags & O_DIRECTORY) != 0)
        {
            if (o_directory_trusts_cached(dentry))
                return -Errno.ENOENT;
            lookup_flags = LOOKUP_OPEN | LOOKUP_DIRECTORY;
            goto no_open;
        }
        if (dentry.name.Length > nfs.namelen)
            return -Errno.ENAMETOOLONG;
        // attr.ia_valid / ia_mode / ia_size: the model's OPEN takes no attributes

        if (should_switch(dentry, open_flags))
        {
            dc.d_drop(dentry);
            dc.race.Hit(RaceSite.nfs_atomic_open_after_d_drop);
            switched = true;
            dc.bug.Observe(Observation.atomic_open_switched);
            task_struct.current.trace.add(TraceEvent.atomic_open_switch, dentry.d_id, 0);
            dentry = dc.d_alloc_parallel(dentry.d_parent, dentry.d_name, wq);
            if (dentry.IS_ERR(dentry))
                return dentry.PTR_ERR(dentry);
            if (!d_in_lookup(dentry))
                return namei.finish_no_open(file, dentry);
        }

        nfs_open_context ctx = nfs.create_nfs_open_context(dentry, open_flags);
        err = nfs.nfs4_atomic_open(dir, ctx, open_flags, ref opened, out _);
        if (err != 0)
        {
            nfs.put_nfs_open_context(ctx);
            dc.d_drop(dentry);
            switch (-err)
            {
                case Errno.ENOENT:
                    dc.race.Hit(RaceSite.nfs_atomic_open_enoent_before_d_add);
                    dc.d_add(dentry, null);
                    nfs.nfs_set_verifier(dentry, nfs.nfs_save_change_attribute(dir));
                    break;
                case Errno.EISDIR:
                case Errno.ENOTDIR:
                    goto no_open;
                case Errno.ELOOP:
                    if ((open_flags & O_NOFOLLOW) == 0)
                        goto no_open;
                    break;
            }
            goto out_;
        }
        err = nfs.nfs_finish_open(ctx, ctx.dentry, file, open_flags, ref opened);
        nfs.put_nfs_open_context(ctx);
    out_:
        if (switched)
        {
            dc.d_lookup_done(dentry);
            dc.dput(dentry);
        }
        return err;

    no_open:
        res = nfs.nfs_lookup(dir, dentry, lookup_flags);
        if (switched)
        {
            dc.d_lookup_done(dentry);
            if (res is null)
                res = dentry;
            else
                dc.dput(dentry);
        }
        if (dentry.IS_ERR(res))
            return dentry.PTR_ERR(res!);
        return namei.finish_no_open(file, res);
    }
}
