// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Nfs;
using DcacheStress.Kernel;

namespace DcacheStress.Fs;

/// <summary>
/// A patch to the NFS client: the NFS client calls <see cref="nfs_atomic_open"/> and
/// <see cref="nfs4_lookup_revalidate"/> through the mount's patch.
/// </summary>
public abstract class NfsPatch : Patch
{
    /// <inheritdoc/>
    public sealed override file_system_type Filesystem => nfs_fs_type.Instance;

    /// <summary><c>nfs_atomic_open(dir, dentry, file, open_flags, mode, opened)</c> as this patch has it.</summary>
    public abstract int nfs_atomic_open(inode dir, dentry dentry, filp file, uint open_flags, uint mode, ref int opened);

    /// <summary>
    /// Whether <c>_nfs4_open_and_get_state</c> tries <c>d_exact_alias</c> (rehash an unhashed alias
    /// of the opened inode with the same parent and name) before <c>d_splice_alias</c>: true from
    /// 4.7 until NeilBrown's "nfs/vfs: discard d_exact_alias()" (upstream 3ff6c8707c9a, v6.15). The
    /// rehash happens under a shared parent lock and outside <c>start_dir_add</c>/<c>end_dir_add</c>,
    /// which is the residual race of docs/findings.md.
    /// </summary>
    public override bool nfs4_open_tries_d_exact_alias => true;

    /// <summary><c>nfs4_lookup_revalidate(dentry, flags)</c>; 4.7's unless the patch changes it.</summary>
    public virtual int nfs4_lookup_revalidate(dentry dentry, uint flags) => nfs.nfs4_lookup_revalidate(dentry, flags);
}
