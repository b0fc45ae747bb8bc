// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Patches;

/// <summary>
/// <c>v4.7-rc6</c>: nfs_atomic_open before the seed patch: no switch, so every thread that reached
/// ->atomic_open with the same hashed negative dentry works on it (d_drop + d_add/d_splice_alias).
/// The text is 4.7.4's nfs_atomic_open without Viro's July change: no switch, the O_DIRECTORY test
/// on <c>!d_unhashed</c>, and <c>d_drop</c> before <c>switch (err)</c> for every OPEN error. That
/// file hashes to <c>d8015a03</c>, the pre-image blob of the seed diff (Drokin: "on top of
/// 4.7.0-rc6 a99cde43 ... with just your patch").
/// </summary>
public sealed class V47Rc6Patch : NfsAtomicOpenPatch
{
    public override string Name => "v4.7-rc6";
    public override string Description => "nfs_atomic_open before the fix: parallel opens share a hashed negative dentry";
    public override string Source => "Linux v4.7-rc6 a99cde438de0 fs/nfs/dir.c (blob d8015a03, the seed diff's pre-image); LKML 1606.0/02004";
    public override bool ExpectedClean => false;
    protected override bool should_switch(dentry dentry, uint open_flags) => false;
    protected override bool o_directory_trusts_cached(dentry dentry) => !Dcache.d_unhashed(dentry);
}
