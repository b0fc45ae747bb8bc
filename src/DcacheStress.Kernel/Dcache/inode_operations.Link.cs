// SPDX-License-Identifier: GPL-2.0-only
// struct inode_operations: the methods racer's link, symlink and rm -rf need, after
// include/linux/fs.h (Linux v4.7). Absent methods make the VFS return -EPERM, as a NULL pointer does.
namespace DcacheStress.Kernel;

public abstract partial class inode_operations
{
    /// <summary><c>->link(old_dentry, dir, new_dentry)</c>: parent locked exclusive, new_dentry negative.</summary>
    public virtual int link(dentry old_dentry, inode dir, dentry new_dentry) => -Errno.EPERM;

    /// <summary><c>->symlink(dir, dentry, symname)</c>: parent locked exclusive, dentry negative.</summary>
    public virtual int symlink(inode dir, dentry dentry, string symname) => -Errno.EPERM;

    /// <summary><c>->rmdir(dir, dentry)</c>: parent and victim locked exclusive.</summary>
    public virtual int rmdir(inode dir, dentry dentry) => -Errno.EPERM;
}
