// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Lustre;

/// <summary>
/// A patch to the Lustre client (llite): the places where 4.7, Viro's July series, Drokin's
/// 99f1c01319, lustre-release's LU-8371 and NeilBrown's ll_dcompare change differ. Each hook's
/// default is the 4.7 text (= 4.7-rc6; lustre-reference.md §1).
/// </summary>
public abstract class LustrePatch : Patch
{
    /// <inheritdoc/>
    public sealed override file_system_type Filesystem => lustre_fs_type.Instance;

    /// <summary>
    /// The test in <c>ll_lookup_it_finish</c> that sends a dentry through <c>ll_splice_alias</c>
    /// (the others, if positive, get <c>LASSERT(!d_inode)</c> + <c>d_instantiate</c> in place).
    /// 4.7: <c>d_unhashed(*de)</c>, read without a lock.
    /// </summary>
    public virtual bool ll_lookup_it_finish_splices(dentry de) => Dcache.d_unhashed(de);

    /// <summary>
    /// What <c>ll_atomic_open</c> does with the dentry before its RPC: 0 to go on, or the errno to
    /// return. 4.7 does nothing ("no check of d at all").
    /// </summary>
    public virtual int ll_atomic_open_enter(Dcache dc, dentry dentry, uint open_flags) => 0;

    /// <summary>
    /// True when <see cref="ll_atomic_open_enter"/> refuses a dentry the opener does not own
    /// (99f1c01319 and its variants): what the repros of the shared-opener race expect to see clean.
    /// </summary>
    public virtual bool ll_atomic_open_checks_dentry => false;

    /// <summary><c>ll_revalidate_dentry(dentry, flags)</c>; 4.7's unless the patch changes it.</summary>
    public virtual int ll_revalidate_dentry(dentry dentry, uint flags) => llite.ll_revalidate_dentry(dentry, flags);

    /// <summary>Whether <c>ll_dcompare</c> matches an in-lookup dentry (false in 4.7: it has no lld, so it is invalid).</summary>
    public virtual bool ll_dcompare_matches_in_lookup => false;

    /// <summary>
    /// <c>ll_intent_file_open</c>'s answer when an open by FID finds the object gone: -ENOENT in 4.7.
    /// </summary>
    public virtual int ll_intent_file_open_enoent(uint open_flags) => -Errno.ENOENT;
}
