// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Patches;

/// <summary>
/// <c>v4.7</c>: the release: switch whenever the dentry is not in-lookup (owned), so every
/// d_add/d_splice_alias left in nfs_atomic_open is on a dentry this thread owns.
/// </summary>
public class V47Patch : NfsAtomicOpenPatch
{
    public override string Name => "v4.7";
    public override string Description => "the 4.7 fix: switch to d_alloc_parallel whenever !d_in_lookup(dentry)";
    public override string Source => "Linux v4.7 523d939ef98f fs/nfs/dir.c (read as 4.7.4); Viro, LKML 1607.0/02250";
    public override bool ExpectedClean => true;
    protected override bool should_switch(dentry dentry, uint open_flags) =>
        (open_flags & O_CREAT) == 0 && !Dcache.d_in_lookup(dentry);
    protected override bool o_directory_trusts_cached(dentry dentry) => !Dcache.d_in_lookup(dentry);
}
