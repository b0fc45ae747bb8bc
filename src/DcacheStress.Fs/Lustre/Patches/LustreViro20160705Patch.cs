// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Lustre.Patches;

/// <summary>
/// <c>lustre-viro-2016-07-05</c>: Viro's "Lustre part of fixes" 1/3, the only hunk known:
/// <c>ll_lookup_it_finish</c> splices only an in-lookup dentry. Drokin the same day: a lookup under
/// an exclusive lock (unlink/rename → <c>__lookup_hash</c> → <c>d_alloc</c>, not in-lookup) now skips
/// <c>ll_splice_alias</c>, so <c>ll_d_init</c> never runs and <c>d_lustre_revalidate</c>'s
/// <c>LASSERT(ll_d2d)</c> fires ("we violently crash"); Viro agreed that piece was wrong. The
/// shared-opener race of 4.7 also stays (a hashed shared dentry is still instantiated in place).
/// </summary>
public sealed class LustreViro20160705Patch : LustrePatch
{
    public override string Name => "lustre-viro-2016-07-05";
    public override string Description => "Viro's Lustre 1/3: ll_lookup_it_finish splices only d_in_lookup dentries; exclusive-lock lookups hit LASSERT(ll_d2d)";
    public override string Source => "Al Viro, #for-linus \"Lustre part of fixes\" 1/3 as quoted by Drokin, LKML 1607.0/02250; Viro 02356, Drokin 02357 (2016-07-05)";
    public override bool ExpectedClean => false;
    public override bool ll_lookup_it_finish_splices(dentry de) => Dcache.d_in_lookup(de);
}
