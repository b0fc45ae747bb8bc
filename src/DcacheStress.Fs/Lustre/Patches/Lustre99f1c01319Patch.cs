// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Lustre.Patches;

/// <summary>
/// <c>lustre-99f1c01319</c>: Drokin, "staging/lustre/llite: Close atomic_open race with several
/// openers" (4.7.y stable, v4.8). <c>ll_atomic_open</c> asserts a negative dentry and, when the
/// dentry is not its own (<c>!d_in_lookup</c>), returns -ENOENT without an RPC for a plain open
/// ("we just revalidated it") or <c>d_drop</c>s it for O_CREAT; <c>ll_lookup_it_finish</c> always goes
/// through <c>ll_splice_alias</c>. What the 4.7.4 and 4.8.17 trees have.
/// </summary>
public class Lustre99f1c01319Patch : LustrePatch
{
    public override string Name => "lustre-99f1c01319";
    public override string Description => "Drokin's fix (4.7.y, 4.8): ll_atomic_open returns -ENOENT (or d_drops with O_CREAT) unless d_in_lookup; always ll_splice_alias";
    public override string Source => "Linux 99f1c013194e (2016-08-15, Cc stable 4.7+), read in 4.7.4 01851de9 and 4.8.17 e383acac llite/namei.c";
    public override bool ExpectedClean => true;

    /// <summary>The dentry is not this opener's own: 99f1c01319 tests <c>!d_in_lookup</c>.</summary>
    protected virtual bool not_own(dentry dentry) => !Dcache.d_in_lookup(dentry);

    /// <inheritdoc/>
    public sealed override bool ll_lookup_it_finish_splices(dentry de) => true;

    /// <inheritdoc/>
    public sealed override bool ll_atomic_open_checks_dentry => true;

    /// <inheritdoc/>
    public sealed override int ll_atomic_open_enter(Dcache dc, dentry dentry, uint open_flags)
    {
        // Only negative dentries enter here: LASSERT(!d_inode(dentry)). Safe way out: -EEXIST-free
        // retry is not the kernel's; hand the positive dentry back to the VFS instead.
        if (dc.bug.On(Invariant.ll_atomic_open_positive, Dcache.d_inode(dentry) is not null, dentry))
            return -Errno.EIO;
        if (not_own(dentry))
        {
            // A valid negative dentry that just passed revalidation: -ENOENT is a valid race outcome.
            if ((open_flags & O_CREAT) == 0)
                return -Errno.ENOENT;
            // Otherwise unhash it to be rehashed afresh via lookup.
            dc.d_drop(dentry);
        }
        return 0;
    }
}
