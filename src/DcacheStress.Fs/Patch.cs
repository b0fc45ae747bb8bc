// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Nfs;
using DcacheStress.Kernel;

namespace DcacheStress.Fs;

/// <summary>
/// A candidate kernel patch: the code that differs between fixes, as one class. The NFS client
/// calls <see cref="nfs_atomic_open"/> and <see cref="nfs4_lookup_revalidate"/> through the mount's
/// patch; a patch to the dcache core supplies its own <see cref="Dcache"/> subclass. Nothing outside
/// a patch's own class tests which patch is running.
/// </summary>
public abstract class Patch
{
    /// <summary>Stable name ("v4.7-rc6"): metric label, report key, CLI value.</summary>
    public abstract string Name { get; }

    /// <summary>One line: what this version of the code does.</summary>
    public abstract string Description { get; }

    /// <summary>Where it comes from (LKML message or commit).</summary>
    public abstract string Source { get; }

    /// <summary>True when the patch is known correct (a hit on it is a regression alert).</summary>
    public abstract bool ExpectedClean { get; }

    /// <summary>The dcache to run with (a core patch returns its own subclass).</summary>
    public virtual Dcache CreateDcache(DcacheOptions options) => new(options);

    /// <summary><c>nfs_atomic_open(dir, dentry, file, open_flags, mode, opened)</c> as this patch has it.</summary>
    public abstract int nfs_atomic_open(inode dir, dentry dentry, filp file, uint open_flags, uint mode, ref int opened);

    /// <summary>
    /// Whether <c>_nfs4_open_and_get_state</c> tries <c>d_exact_alias</c> (rehash an unhashed alias
    /// of the opened inode with the same parent and name) before <c>d_splice_alias</c>: true from
    /// 4.7 until NeilBrown's "nfs/vfs: discard d_exact_alias()" (upstream 3ff6c8707c9a, v6.15). The
    /// rehash happens under a shared parent lock and outside <c>start_dir_add</c>/<c>end_dir_add</c>,
    /// which is the residual race of docs/findings.md.
    /// </summary>
    public virtual bool nfs4_open_tries_d_exact_alias => true;

    /// <summary><c>nfs4_lookup_revalidate(dentry, flags)</c>; 4.7's unless the patch changes it.</summary>
    public virtual int nfs4_lookup_revalidate(dentry dentry, uint flags) => nfs.nfs4_lookup_revalidate(dentry, flags);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
