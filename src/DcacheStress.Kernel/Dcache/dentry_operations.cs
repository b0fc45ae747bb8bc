// SPDX-License-Identifier: GPL-2.0-only
// struct dentry_operations, after include/linux/dcache.h (Linux v4.7).
namespace DcacheStress.Kernel;

/// <summary>
/// <c>struct dentry_operations</c>. A filesystem overrides what it implements and says so through
/// the <c>has_*</c> properties, from which <c>d_set_d_op</c> derives the <c>DCACHE_OP_*</c> bits.
/// </summary>
public abstract class dentry_operations
{
    /// <summary>Sets <c>DCACHE_OP_REVALIDATE</c>.</summary>
    public virtual bool has_d_revalidate => false;

    /// <summary>Sets <c>DCACHE_OP_DELETE</c>.</summary>
    public virtual bool has_d_delete => false;

    /// <summary>Sets <c>DCACHE_OP_COMPARE</c> (tested on the <em>parent</em> by every lookup).</summary>
    public virtual bool has_d_compare => false;

    /// <summary>
    /// <c>d_compare(parent, dentry, len, str, name)</c>: 0 when the child name (<paramref name="len"/>,
    /// <paramref name="str"/>) read from <paramref name="dentry"/> matches <paramref name="name"/>,
    /// non-zero otherwise. Called on the parent's ops. From <c>__d_lookup_rcu</c> the pair is read
    /// without a lock and may be torn by a concurrent rename (the caller has checked <c>d_seq</c> just
    /// before, and rechecks it after): an implementation must stay within <paramref name="str"/>'s
    /// bounds and must not sleep or take locks (Documentation/filesystems/vfs.txt, 4.7).
    /// </summary>
    public virtual int d_compare(dentry parent, dentry dentry, uint len, ReadOnlySpan<byte> str, in qstr name) => 1;

    /// <summary><c>d_revalidate(dentry, flags)</c>: 1 valid, 0 invalid, &lt;0 error (-ECHILD: retry in ref-walk).</summary>
    public virtual int d_revalidate(dentry dentry, uint flags) => 1;

    /// <summary><c>d_delete(dentry)</c>: true = do not keep it cached at the final <c>dput</c>.</summary>
    public virtual bool d_delete(dentry dentry) => false;

    /// <summary>
    /// <c>d_iput(dentry, inode)</c>: the dentry has just let go of <paramref name="inode"/>
    /// (dentry_unlink_inode, no locks held). The default stands for <c>iput</c>: the GC owns inodes.
    /// </summary>
    public virtual void d_iput(dentry dentry, inode inode)
    {
    }
}
