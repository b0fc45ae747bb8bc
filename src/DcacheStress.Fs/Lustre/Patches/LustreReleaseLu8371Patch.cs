// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Lustre.Patches;

/// <summary>
/// <c>lustre-release-lu8371</c>: out-of-tree Lustre's LU-8371 as it shipped from 2016 to 2023: "optimize
/// atomic_open of negative dentry" (7334a2d33c), both hunks of 99f1c01319 but testing
/// <c>!d_unhashed(dentry)</c> (it had to build on kernels without <c>d_in_lookup</c>), together with
/// the same ticket's "Trust creates in revalidate too" (9573911bfb). An opener that finds the
/// shared dentry already unhashed goes to the MDS with it and rehashes it. Replaced by LU-16851
/// (d285b41b86, 2023), whose message reports the hash chain this corrupts. lustre-release shipped
/// the two together: landed on master 2016-08-11 and 2016-08-22, both first in tag 2.8.57, so in
/// every release from 2.9.0 on; hence one patch with both hunks, not either alone.
/// </summary>
public sealed class LustreReleaseLu8371Patch : LustreTrustCreatesPatch
{
    public override string Name => "lustre-release-lu8371";
    public override string Description => "lustre-release LU-8371 (2016-2023): the same fix on !d_unhashed, plus trust creates; an opener that sees the shared dentry unhashed still rehashes it";
    public override string Source => "lustre-release 7334a2d33c + 9573911bfb (LU-8371, reviews 21161/21168, 2016-07-05/06); replaced by d285b41b86 (LU-16851, 2023-08-19)";
    public override bool ExpectedClean => false;

    /// <summary>
    /// Known broken (LU-16851), but under 4.7's VFS nothing the model runs unhashes a negative dentry
    /// a shared-lock opener holds, which its window needs: the -ESTALE retry that would
    /// <c>d_invalidate</c> it is an O_CREAT lookup under the exclusive i_rwsem (repro
    /// <c>lustre-rehash</c>; porting.md, "Lustre").
    /// </summary>
    public override bool ExpectedToHit => false;
    protected override bool not_own(dentry dentry) => !Dcache.d_unhashed(dentry);
}
