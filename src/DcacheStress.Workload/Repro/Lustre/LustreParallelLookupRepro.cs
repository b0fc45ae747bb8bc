// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Fs.Lustre;
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Repro.Lustre;

/// <summary>
/// lustre-reference.md §1.6: two stats of /d/y at once. In 4.7 an in-lookup Lustre dentry has no
/// lld, so ll_dcompare calls it invalid and d_alloc_parallel never matches it: A and B each look
/// the name up with their own in-lookup dentry and each d_add it, leaving two hashed dentries for
/// one name (NeilBrown's a22c3d41d187 makes B wait for A instead). That is Lustre's design, not a
/// bug: the harness's duplicate checks ask ->d_compare what a lookup can see, so no patch may be
/// flagged here. A repro that must stay clean on every Lustre patch.
/// </summary>
public sealed class LustreParallelLookupRepro : ReproScenario
{
    public override string Name => "lustre-parallel-lookups";

    public override string Description =>
        "Lustre §1.6: two lookups of one name each hash their own dentry (4.7 ll_dcompare never matches in-lookup ones): by design, clean on every patch";

    public override file_system_type Filesystem => lustre_fs_type.Instance;

    public override bool ExpectHit(Patch patch) => false;

    protected override void Arrange(ReproWorld w)
    {
        w.Warm("/d");
        w.Server.CreateFile(w.DirId, "y");
        w.Statter("A", "/d/y").Statter("B", "/d/y");
        // B starts its own lookup while A's dentry is in-lookup (A is held after its RPC).
        w.Schedule
            .Wait("A", RaceSite.ll_lookup_it_finish_before_splice, "B", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            .Wait("B", RaceSite.d_alloc_parallel_before_in_lookup_insert, "A", RaceSite.ll_lookup_it_finish_before_splice);
    }
}
