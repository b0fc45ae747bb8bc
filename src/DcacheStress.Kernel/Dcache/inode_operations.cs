// SPDX-License-Identifier: GPL-2.0-only
// struct inode_operations (the methods the ported VFS calls), after include/linux/fs.h (Linux v4.7).
namespace DcacheStress.Kernel;

/// <summary><c>struct inode_operations</c> for directories.</summary>
public abstract partial class inode_operations
{
    /// <summary>True when <see cref="atomic_open"/> is implemented (<c>dir->i_op->atomic_open != NULL</c>).</summary>
    public virtual bool has_atomic_open => false;

    /// <summary>
    /// <c>->permission(inode, mask)</c>: 0, -EACCES, or -ECHILD when <c>MAY_NOT_BLOCK</c> (RCU-walk)
    /// cannot decide. The default is <c>generic_permission</c>, which in the model (no modes,
    /// one user) always grants.
    /// </summary>
    public virtual int permission(inode inode, int mask) => 0;

    /// <summary><c>->lookup(dir, dentry, flags)</c>: null (dentry used), another dentry, or ERR_PTR.</summary>
    public abstract dentry? lookup(inode dir, dentry dentry, uint flags);

    /// <summary><c>->atomic_open(dir, dentry, file, open_flag, mode, opened)</c>: 0 opened, 1 finish_no_open, &lt;0 error.</summary>
    public virtual int atomic_open(inode dir, dentry dentry, filp file, uint open_flag, uint mode, ref int opened) =>
        throw new InvalidOperationException("atomic_open called on a filesystem without it");

    /// <summary><c>->create(dir, dentry, mode, excl)</c>.</summary>
    public abstract int create(inode dir, dentry dentry, uint mode, bool excl);

    /// <summary><c>->unlink(dir, dentry)</c>.</summary>
    public abstract int unlink(inode dir, dentry dentry);

    /// <summary><c>->mkdir(dir, dentry, mode)</c>.</summary>
    public abstract int mkdir(inode dir, dentry dentry, uint mode);

    /// <summary><c>->rename(old_dir, old_dentry, new_dir, new_dentry)</c>.</summary>
    public abstract int rename(inode old_dir, dentry old_dentry, inode new_dir, dentry new_dentry);
}
