// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Fs.Lustre;
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Repro.Lustre;

/// <summary>
/// Drokin on Viro's Lustre 1/3 (LKML 1607.0/02250, 2016-07-05): the other mount created /d/x, so
/// this mount has no dentry for it; U unlinks it. The exclusive-lock lookup (<c>__lookup_hash</c>)
/// hands <c>ll_lookup_nd</c> a plain <c>d_alloc</c>ed dentry, not an in-lookup one. A patch whose
/// <c>ll_lookup_it_finish</c> splices only in-lookup dentries skips <c>ll_d_init</c>, and the
/// LOOKUP lock of the reply makes <c>d_lustre_revalidate</c> fire <c>LASSERT(ll_d2d)</c>. No
/// schedule: one thread, every time ("we violently crash").
/// </summary>
public sealed class LustreViroUnlinkRepro : ReproScenario
{
    public override string Name => "lustre-unlink-uncached";

    public override string Description =>
        "Lustre, Viro's 1/3: unlink of a name this mount never looked up (exclusive-lock lookup, not in-lookup) hits LASSERT(ll_d2d) in d_lustre_revalidate";

    public override file_system_type Filesystem => lustre_fs_type.Instance;

    /// <summary>Breaks when the patch's ll_lookup_it_finish would not splice a plain (unhashed, not in-lookup) dentry.</summary>
    public override bool ExpectHit(Patch patch) => SplicesNoPlainDentry(patch);

    /// <summary>
    /// True when the patch's ll_lookup_it_finish would not splice a plain (unhashed, not in-lookup)
    /// dentry, so that any exclusive-lock lookup on a Lustre mount (unlink, rename) of a name it has
    /// not cached hits LASSERT(ll_d2d): Viro's 1/3.
    /// </summary>
    internal static bool SplicesNoPlainDentry(Patch patch)
    {
        var dc = new Dcache();
        dentry plain = dc.__d_alloc(new super_block(dc), qstr.from("x"u8)); // what d_alloc hands ->lookup
        return patch is LustrePatch lp && !lp.ll_lookup_it_finish_splices(plain);
    }

    protected override void Arrange(ReproWorld w)
    {
        w.Server.CreateFile(w.DirId, "x"); // the other mount's file: never looked up here
        w.Unlinker("U", "/d/x");
    }
}
