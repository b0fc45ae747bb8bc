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

    /// <summary><c>d_revalidate(dentry, flags)</c>: 1 valid, 0 invalid, &lt;0 error (-ECHILD: retry in ref-walk).</summary>
    public virtual int d_revalidate(dentry dentry, uint flags) => 1;

    /// <summary><c>d_delete(dentry)</c>: true = do not keep it cached at the final <c>dput</c>.</summary>
    public virtual bool d_delete(dentry dentry) => false;
}
