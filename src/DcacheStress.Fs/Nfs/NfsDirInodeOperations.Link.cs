// SPDX-License-Identifier: GPL-2.0-only
// nfs4_dir_inode_operations: .link, .symlink, .rmdir (fs/nfs/nfs4proc.c, Linux v4.7).
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Nfs;

internal sealed partial class NfsDirInodeOperations
{
    public override int link(dentry old_dentry, inode dir, dentry new_dentry) => nfs.nfs_link(mount, old_dentry, dir, new_dentry);

    public override int symlink(inode dir, dentry dentry, string symname) => nfs.nfs_symlink(mount, dir, dentry, symname);

    public override int rmdir(inode dir, dentry dentry) => nfs.nfs_rmdir(mount, dir, dentry);
}
