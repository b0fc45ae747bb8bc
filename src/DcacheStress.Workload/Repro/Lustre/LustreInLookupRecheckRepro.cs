// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Fs.Lustre;
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Repro.Lustre;

/// <summary>
/// The harness's own false alarm, kept as a regression repro. O looks /d/y up with in-lookup dentry
/// X; A's <c>d_alloc_parallel</c> scans the in-lookup chain while X has no lld, so 4.7's
/// <c>ll_dcompare</c> calls X invalid and A rightly goes on with its own dentry. Before A adds it,
/// O's <c>ll_splice_alias</c> → <c>ll_d_init(X)</c> has published X's zeroed lld (<c>lld_invalid</c>
/// 0) and not yet marked it invalid: asked again at that instant, <c>ll_dcompare</c> says X matches.
/// The <c>in_lookup.duplicate</c> check used to ask again and flagged the pair; it now judges the
/// scan by the answers the scan got. Parallel in-lookup dentries of one name are 4.7 Lustre's
/// design (lustre-reference.md §1.6), so clean on every Lustre patch (with NeilBrown's
/// <c>ll_dcompare</c> A waits for X instead and never reaches the second site).
/// </summary>
public sealed class LustreInLookupRecheckRepro : ReproScenario
{
    public override string Name => "lustre-in-lookup-recheck";

    public override string Description =>
        "Lustre: ll_d_init publishes X's zeroed lld (valid to ll_dcompare) between another lookup's in-lookup scan and its add: no duplicate, clean on every patch";

    public override file_system_type Filesystem => lustre_fs_type.Instance;

    public override bool ExpectHit(Patch patch) => false;

    protected override void Arrange(ReproWorld w)
    {
        w.Warm("/d");
        w.Server.CreateFile(w.DirId, "y");
        w.Statter("O", "/d/y").Statter("A", "/d/y");
        w.Schedule
            // A scans only once X is in-lookup and O's reply is in ...
            .Wait("A", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.ll_lookup_it_finish_before_splice)
            // ... O runs ll_d_init(X) only after A's scan rejected X ...
            .Wait("O", RaceSite.ll_lookup_it_finish_before_splice, "A", RaceSite.d_alloc_parallel_in_lookup_scanned)
            // ... and A adds its own dentry while X's lld is published and still zero.
            .Wait("A", RaceSite.d_alloc_parallel_in_lookup_scanned, "O", RaceSite.ll_d_init_before_invalidate)
            .Wait("O", RaceSite.ll_d_init_before_invalidate, "A", RaceSite.ll_lookup_it_finish_before_splice);
    }
}
