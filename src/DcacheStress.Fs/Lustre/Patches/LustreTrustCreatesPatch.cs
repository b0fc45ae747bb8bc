// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Lustre.Patches;

/// <summary>
/// <c>lustre-trust-creates</c>: 99f1c01319 plus Drokin's "Trust creates in revalidate too"
/// (lustre-release 9573911bfb, LU-8371; upstream staging after 4.8): <c>ll_revalidate_dentry</c>
/// trusts opens with O_CREAT too and returns 0 only on the VFS's LOOKUP_REVAL retry; an open by
/// FID of a create that finds the object gone answers -ESTALE, so the VFS retries with
/// LOOKUP_REVAL. Makes the O_CREAT <c>d_drop</c> branch of 99f1c01319 reachable.
/// </summary>
public class LustreTrustCreatesPatch : Lustre99f1c01319Patch
{
    public override string Name => "lustre-trust-creates";
    public override string Description => "99f1c01319 + trust creates: revalidate returns 0 only for LOOKUP_REVAL; a vanished create-by-FID gives -ESTALE";
    public override string Source => "lustre-release 9573911bfb \"LU-8371 llite: Trust creates in revalidate too\" (review 21168, 2016-07-06) on Linux 99f1c013194e";
    public override bool ExpectedClean => true;

    /// <inheritdoc/>
    public sealed override int ll_revalidate_dentry(dentry dentry, uint flags)
    {
        // An intermediate component we could reach is valid (its lock was not revoked).
        if ((flags & LOOKUP_PARENT) != 0)
            return 1;
        // Second go-around after a failed open|creat: talk to the MDS by name, not by FID.
        if ((flags & LOOKUP_REVAL) != 0)
            return 0;
        return 1; // statahead is not modelled
    }

    /// <inheritdoc/>
    public sealed override int ll_intent_file_open_enoent(uint open_flags) =>
        (open_flags & O_CREAT) != 0 ? -Errno.ESTALE : -Errno.ENOENT;
}
