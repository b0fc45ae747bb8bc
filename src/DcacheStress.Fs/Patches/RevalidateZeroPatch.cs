// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Nfs;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Patches;

/// <summary>
/// <c>revalidate-zero</c>: NeilBrown's later approach: for an open (without create) of a negative
/// dentry, <c>d_revalidate</c> returns 0, so the VFS itself goes through d_alloc_parallel and
/// ->atomic_open only ever sees a dentry it owns; nfs_atomic_open needs no switch and checks that.
/// </summary>
public sealed class RevalidateZeroPatch : NfsAtomicOpenPatch
{
    public override string Name => "revalidate-zero";
    public override string Description => "d_revalidate returns 0 for open of a negative dentry; atomic_open never shares one";
    public override string Source => "NeilBrown, linux-nfs \"nfs: d_revalidate returns 0 ...\" (spinics msg114249)";
    public override bool ExpectedClean => true;
    protected override bool should_switch(dentry dentry, uint open_flags) => false;
    protected override bool o_directory_trusts_cached(dentry dentry) => !Dcache.d_in_lookup(dentry);

    /// <summary>
    /// ->atomic_open without O_CREAT must own the dentry (in-lookup). O_DIRECTORY is exempt: its
    /// revalidation keeps 4.7's answer (the open intent comes with LOOKUP_DIRECTORY), so an
    /// opendir (`ls`) arrives with the shared hashed negative dentry, and the O_DIRECTORY test
    /// (<c>!d_in_lookup</c> → -ENOENT) leaves without touching it.
    /// </summary>
    protected override void on_enter(Dcache dc, dentry dentry, uint open_flags) =>
        dc.bug.On(Invariant.atomic_open_not_owner, (open_flags & (O_CREAT | O_DIRECTORY)) == 0 && !Dcache.d_in_lookup(dentry), dentry);

    /// <inheritdoc/>
    public override int nfs4_lookup_revalidate(dentry dentry, uint flags)
    {
        // A negative dentry with an open intent that will not create: invalid, so lookup_open
        // goes through d_alloc_parallel and atomic_open gets an in-lookup dentry.
        if ((flags & LOOKUP_OPEN) != 0 && (flags & (LOOKUP_CREATE | LOOKUP_EXCL)) == 0
            && (flags & LOOKUP_DIRECTORY) == 0 && Dcache.d_inode(dentry) is null)
            return 0;
        return nfs.nfs4_lookup_revalidate(dentry, flags);
    }
}
