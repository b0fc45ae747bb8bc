// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Fs.Lustre;
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Repro.Lustre;

/// <summary>
/// lustre-reference.md §1.5, interleaving I1. O looks /d/y up in-lookup (invisible to the others:
/// 4.7's ll_dcompare rejects a dentry without lld); A and B miss it, and by the time they recheck
/// in d_alloc_parallel O has hashed N and made it valid (the NEG reply's UPDATE lock), so both get
/// N hashed, negative, valid, and enter ll_atomic_open with it under the shared lock. The other
/// mount then creates /d/y: the MDS cancels this mount's UPDATE lock on /d first (N turns invalid
/// but stays hashed: it is held). Both IT_OPENs answer "exists": A makes the hashed N positive in
/// place (<c>d_add.owner</c>), B dies on <c>LASSERT(!d_inode(*de))</c>.
/// </summary>
public sealed class LustreTwoOpenersRepro : ReproScenario
{
    public override string Name => "lustre-two-openers";

    public override string Description =>
        "Lustre I1: two openers share one hashed negative dentry, the other mount creates the name, both instantiate it (LASSERT in ll_lookup_it_finish)";

    public override file_system_type Filesystem => lustre_fs_type.Instance;

    /// <summary>Only a patch whose ll_atomic_open lets a dentry it does not own reach the MDS breaks.</summary>
    public override bool ExpectHit(Patch patch) => patch is LustrePatch { ll_atomic_open_checks_dentry: false };

    protected override void Arrange(ReproWorld w)
    {
        w.Warm("/d");
        w.Opener("O", "/d/y").Opener("A", "/d/y").Opener("B", "/d/y");
        w.Schedule
            // A and B miss N (O's, in-lookup) and wait before rechecking i_dir_seq until O has
            // hashed and revalidated N; O hashes it only once both are waiting there.
            .Wait("A", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.ll_lookup_it_finish_done)
            .Wait("B", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.ll_lookup_it_finish_done)
            .Wait("O", RaceSite.ll_lookup_it_finish_before_splice, "A", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            .Wait("O", RaceSite.ll_lookup_it_finish_before_splice, "B", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            // A sends its IT_OPEN only once B holds N in ll_atomic_open too; B then has the other
            // mount create /d/y and lets A's reply land first.
            .Wait("A", RaceSite.ll_atomic_open_before_lookup, "B", RaceSite.ll_atomic_open_before_lookup)
            .Do("B", RaceSite.ll_atomic_open_before_lookup, "the other mount creates /d/y (the MDS cancels this mount's UPDATE lock on /d first)",
                () => w.Server.CreateFile(w.DirId, "y"))
            .Wait("B", RaceSite.ll_atomic_open_before_lookup, "A", RaceSite.ll_lookup_it_finish_done);
    }
}
