// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Fs.Patches;

/// <summary>
/// <c>v4.7-no-exact-alias</c>: 4.7 with NeilBrown's "nfs/vfs: discard d_exact_alias()" applied:
/// after a successful OPEN, <c>_nfs4_open_and_get_state</c> always <c>d_splice_alias</c>es the
/// dentry it was given (in-lookup and owned, when the parent is only shared-locked), so every
/// dentry hashed under a shared parent lock goes through <c>__d_add</c>'s
/// <c>start_dir_add</c>/<c>end_dir_add</c>, which a racing <c>d_alloc_parallel</c> rechecks.
/// Closes the residual race that 4.7's <c>d_exact_alias</c> leaves (docs/findings.md).
/// </summary>
public sealed class V47NoExactAliasPatch : V47Patch
{
    public override string Name => "v4.7-no-exact-alias";
    public override string Description => "4.7 without d_exact_alias in the NFS open path: nothing is hashed under a shared lock outside start_dir_add/end_dir_add";
    public override string Source => "v4.7 + NeilBrown, \"nfs/vfs: discard d_exact_alias()\", upstream 3ff6c8707c9a (v6.15), lore 20250226062135.2043651-2-neilb@suse.de";
    public override bool nfs4_open_tries_d_exact_alias => false;
}
