// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Patches;

/// <summary>
/// <c>v4.7-rc6</c>: nfs_atomic_open before the seed patch: no switch, so every thread that reached
/// ->atomic_open with the same hashed negative dentry works on it (d_drop + d_add/d_splice_alias).
/// The error path is 4.7-rc3's (d_drop inside -ENOENT only; whether the June "d_drop on any error"
/// change is in rc6 is unverified, see docs/porting.md).
/// </summary>
public sealed class V47Rc6Patch : NfsAtomicOpenPatch
{
    public override string Name => "v4.7-rc6";
    public override string Description => "nfs_atomic_open before the fix: parallel opens share a hashed negative dentry";
    public override string Source => "Linux v4.7-rc6 a99cde438de0 fs/nfs/dir.c (read as 4.7-rc3); LKML 1606.0/02004";
    public override bool ExpectedClean => false;
    protected override bool should_switch(dentry dentry, uint open_flags) => false;
    protected override bool o_directory_trusts_cached(dentry dentry) => !Dcache.d_unhashed(dentry);
    protected override bool d_drop_on_any_error => false;
}
