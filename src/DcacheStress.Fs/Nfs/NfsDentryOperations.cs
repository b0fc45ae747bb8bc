// SPDX-License-Identifier: GPL-2.0-only
// nfs4_dentry_operations, after fs/nfs/dir.c (Linux v4.7).
using DcacheStress.Kernel;
using static DcacheStress.Kernel.DcacheFlags;

namespace DcacheStress.Fs.Nfs;

/// <summary><c>nfs4_dentry_operations</c>: revalidate through the patch, and nfs_dentry_delete.</summary>
internal sealed class NfsDentryOperations(NfsMount mount) : dentry_operations
{
    public override bool has_d_revalidate => true;

    public override bool has_d_delete => true;

    public override int d_revalidate(dentry dentry, uint flags)
    {
        task_struct.current.trace.add(TraceEvent.revalidate, dentry.d_id, (int)flags);
        return mount.Patch.nfs4_lookup_revalidate(dentry, flags);
    }

    /// <summary><c>nfs_dentry_delete()</c>: kill sillyrenamed dentries at the last put; keep the rest.</summary>
    public override bool d_delete(dentry dentry) => (dentry.flags & DCACHE_NFSFS_RENAMED) != 0;

    /// <summary><c>nfs_dentry_iput()</c>: a sillyrenamed dentry's last reference removes the silly name.</summary>
    public override void d_iput(dentry dentry, inode inode) => nfs.nfs_dentry_iput(mount, dentry, inode);
}
