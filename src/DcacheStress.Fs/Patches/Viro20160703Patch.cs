// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Patches;

/// <summary>
/// <c>viro-2016-07-03</c>: Al Viro's tentative patch (the seed): without O_CREAT, switch to a
/// private dentry from d_alloc_parallel only when the shared one is still hashed. A thread that
/// arrives after another's d_drop sees it unhashed, does not switch, and shares it again. The rest
/// is rc6's text (d_drop before <c>switch (err)</c> on every OPEN error): the patched file hashes to
/// <c>5474e396</c>, the post-image blob of the seed diff.
/// </summary>
public sealed class Viro20160703Patch : NfsAtomicOpenPatch
{
    public override string Name => "viro-2016-07-03";
    public override string Description => "tentative fix: switch to d_alloc_parallel only if !d_unhashed(dentry)";
    public override string Source => "Al Viro, LKML 2016-07-03 \"More parallel atomic_open/d_splice_alias fun with NFS\" (seed thread); Drokin 2016-07-04";
    public override bool ExpectedClean => false;
    protected override bool should_switch(dentry dentry, uint open_flags) =>
        (open_flags & O_CREAT) == 0 && !Dcache.d_unhashed(dentry);
    protected override bool o_directory_trusts_cached(dentry dentry) => !Dcache.d_unhashed(dentry);
}
