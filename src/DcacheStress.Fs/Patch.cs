// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Fs;

/// <summary>
/// A candidate kernel patch: the code that differs between fixes, as one class. A patch belongs to
/// one filesystem (<see cref="Filesystem"/>), whose client model calls its hooks through the
/// mount's patch (<see cref="NfsPatch"/>, and one such base per filesystem); a patch to the dcache
/// core supplies its own <see cref="Dcache"/> subclass. Nothing outside a patch's own class tests
/// which patch is running.
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

    /// <summary>
    /// Whether this harness is expected to reach the patch's bug: a known-broken patch whose failure
    /// needs something the model does not run says false (tests then do not demand hits from it).
    /// </summary>
    public virtual bool ExpectedToHit => !ExpectedClean;

    /// <summary>The filesystem whose code this patch changes (it mounts the patch's targets).</summary>
    public abstract file_system_type Filesystem { get; }

    /// <summary>The dcache to run with (a core patch returns its own subclass).</summary>
    public virtual Dcache CreateDcache(DcacheOptions options) => new(options);

    /// <summary>
    /// Whether the NFS open path tries <c>d_exact_alias</c> (4.7's residual race, docs/findings.md).
    /// Only <see cref="NfsPatch"/> can say yes; kept on the base so reports can ask any patch.
    /// </summary>
    public virtual bool nfs4_open_tries_d_exact_alias => false;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
