// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Fs.Lustre.Patches;

/// <summary>
/// <c>lustre-dcompare-inlookup</c>: 99f1c01319 plus NeilBrown's "handle DCACHE_PAR_LOOKUP in
/// ll_dcompare" (Linux a22c3d41d187; lustre-release 32e547aa9c, LU-9868): an in-lookup dentry
/// matches, so <c>d_alloc_parallel</c> waits for the thread already looking the name up, and
/// "there will never be two threads concurrently in ll_lookup_nd() looking up the same name".
/// </summary>
public sealed class LustreDcompareInLookupPatch : Lustre99f1c01319Patch
{
    public override string Name => "lustre-dcompare-inlookup";
    public override string Description => "99f1c01319 + NeilBrown's ll_dcompare: in-lookup dentries match, parallel lookups of one name wait";
    public override string Source => "Linux a22c3d41d187 \"staging: lustre: llite: handle DCACHE_PAR_LOOKUP in ll_dcompare\" (NeilBrown); lustre-release 32e547aa9c (LU-9868)";
    public override bool ExpectedClean => true;
    public override bool ll_dcompare_matches_in_lookup => true;
}
