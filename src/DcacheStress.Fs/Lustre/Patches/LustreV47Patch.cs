// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Fs.Lustre.Patches;

/// <summary>
/// <c>lustre-v4.7</c>: llite as Linux 4.7 released it (= 4.7-rc6; the rc3 text, byte-identical to
/// 4.7.4 outside 99f1c01319's hunks): <c>ll_atomic_open</c> takes whatever dentry the VFS hands
/// it, and <c>ll_lookup_it_finish</c> instantiates a hashed one in place (<c>LASSERT(!d_inode)</c> +
/// <c>d_instantiate</c>) or sends an unhashed one to <c>ll_splice_alias</c> → <c>d_add</c>, on a
/// lockless <c>d_unhashed</c> test. Parallel non-O_CREAT openers sharing one hashed negative
/// dentry both try to make it positive (Drokin's "several openers who all try to
/// instantiate/rehash the same dentry").
/// </summary>
public sealed class LustreV47Patch : LustrePatch
{
    public override string Name => "lustre-v4.7";
    public override string Description => "llite of 4.7 (= rc6): openers sharing a hashed negative dentry all instantiate or rehash it";
    public override string Source => "Linux v4.7 drivers/staging/lustre/lustre/llite/namei.c (read as 4.7-rc3 65435178 and 4.7.4 01851de9 minus 99f1c01319)";
    public override bool ExpectedClean => false;
}
