// SPDX-License-Identifier: GPL-2.0-only
// struct file_operations (readdir), after include/linux/fs.h (Linux v4.7).
namespace DcacheStress.Kernel;

/// <summary>
/// The <c>int (*open)(struct inode *, struct file *)</c> argument of <c>finish_open</c> and
/// <c>do_dentry_open</c> (fs/open.c, v4.7): the open a filesystem's <c>->atomic_open</c> wants run
/// in place of <c>f_op->open</c> (null = <c>f_op->open</c>).
/// </summary>
public delegate int open_fn(inode inode, filp file);

/// <summary><c>struct file_operations</c>, the part readdir uses.</summary>
public abstract class file_operations
{
    /// <summary>
    /// <c>->iterate_shared(file, ctx)</c>: called with the directory's <c>i_rwsem</c> held shared.
    /// Returns 0 or a negative errno; every name goes to <c>dir_emit(ctx, ...)</c>.
    /// </summary>
    public abstract int iterate_shared(filp file, dir_context ctx);

    /// <summary><c>->open(inode, file)</c> (do_dentry_open); 0 or a negative errno (-EOPENSTALE: retry).</summary>
    public virtual int open(inode inode, filp file) => 0;

    /// <summary><c>->release(inode, file)</c> (the last fput).</summary>
    public virtual void release(inode inode, filp file)
    {
    }
}
