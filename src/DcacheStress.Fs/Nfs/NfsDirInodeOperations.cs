// SPDX-License-Identifier: GPL-2.0-only
// nfs4_dir_inode_operations, after fs/nfs/nfs4proc.c (Linux v4.7).
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Nfs;

/// <summary><c>nfs4_dir_inode_operations</c>: ->atomic_open is the patch's <c>nfs_atomic_open</c>.</summary>
internal sealed partial class NfsDirInodeOperations(NfsMount mount) : inode_operations
{
    public override bool has_atomic_open => true;

    public override dentry? lookup(inode dir, dentry dentry, uint flags) => nfs.nfs_lookup(dir, dentry, flags);

    public override int permission(inode inode, int mask) => nfs.nfs_permission(inode, mask);

    public override int atomic_open(inode dir, dentry dentry, filp file, uint open_flag, uint mode, ref int opened)
    {
        task_struct.current.trace.add(TraceEvent.atomic_open_enter, dentry.d_id, (int)open_flag);
        int err = mount.Patch.nfs_atomic_open(dir, dentry, file, open_flag, mode, ref opened);
        task_struct.current.trace.add(TraceEvent.atomic_open_exit, dentry.d_id, err);
        return err;
    }

    public override int create(inode dir, dentry dentry, uint mode, bool excl) => nfs.nfs_create(mount, dir, dentry, excl);

    public override int unlink(inode dir, dentry dentry) => nfs.nfs_unlink(mount, dir, dentry);

    public override int mkdir(inode dir, dentry dentry, uint mode) => nfs.nfs_mkdir(mount, dir, dentry);

    public override int rename(inode old_dir, dentry old_dentry, inode new_dir, dentry new_dentry) =>
        nfs.nfs_rename(mount, old_dir, old_dentry, new_dir, new_dentry);
}
