// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Repro;

/// <summary>
/// kernel-reference.md §5.3, interleaving B1 (the tentative patch, three openers). A, B and C share
/// the hashed negative N. A switches first (d_drop + d_alloc_parallel); B and C then see N
/// unhashed and, under <c>!d_unhashed</c>, do not switch. The other mount creates the file, so the
/// OPENs succeed: B splices the inode into N and hashes it while C, which already saw N negative
/// and dropped it, splices after: <c>BUG_ON(!d_unhashed(dentry))</c> in d_splice_alias.
/// </summary>
public sealed class TentativeThreeOpenersRepro : ReproScenario
{
    public override string Name => "viro-three-openers";

    public override string Description =>
        "viro-2016-07-03 three-thread race: two openers see the shared dentry already unhashed, skip the switch, and both splice it";

    protected override void Arrange(ReproWorld w)
    {
        w.Opener("O", "/d/y").Opener("A", "/d/y").Opener("B", "/d/y").Opener("C", "/d/y");
        w.Schedule
            // O must be the one that owns N in-lookup: the others start their lookup only after it.
            .Wait("A", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.nfs_atomic_open_before_open_rpc)
            .Wait("B", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.nfs_atomic_open_before_open_rpc)
            .Wait("C", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.nfs_atomic_open_before_open_rpc)
            // O may only finish once the others are about to find N in-lookup.
            .Wait("O", RaceSite.nfs_atomic_open_before_open_rpc, "A", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            .Wait("O", RaceSite.nfs_atomic_open_before_open_rpc, "B", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            .Wait("O", RaceSite.nfs_atomic_open_before_open_rpc, "C", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            // A decides only once B and C hold N too (they got it from d_alloc_parallel, revalidated).
            .Wait("A", RaceSite.lookup_open_after_revalidate, "B", RaceSite.lookup_open_after_revalidate)
            .Wait("A", RaceSite.lookup_open_after_revalidate, "C", RaceSite.lookup_open_after_revalidate)
            // When A is past its switch decision, the second mount creates the file on the server.
            .Do("A", RaceSite.nfs_atomic_open_before_open_rpc, "the other mount creates /d/y on the server",
                () => w.Server.CreateFile(w.DirId, "y"))
            .Wait("B", RaceSite.lookup_open_after_revalidate, "A", RaceSite.nfs_atomic_open_before_open_rpc)
            .Wait("C", RaceSite.lookup_open_after_revalidate, "A", RaceSite.nfs_atomic_open_before_open_rpc)
            // C must see N still negative and drop it before B rehashes it ...
            .Wait("B", RaceSite.open_and_get_state_after_d_drop, "C", RaceSite.open_and_get_state_after_d_drop)
            // ... and splice only once B is hashing N.
            .Wait("C", RaceSite.open_and_get_state_after_d_drop, "B", RaceSite.d_add_before_rehash);
    }

}
