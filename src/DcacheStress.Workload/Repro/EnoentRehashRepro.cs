// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Repro;

/// <summary>
/// kernel-reference.md §5.2, interleaving A2 (rc6, two openers on the ENOENT path). O creates the
/// negative dentry N in-lookup and is held before its OPEN until A and B wait for N in
/// d_alloc_parallel; both then get N hashed, negative and valid, and enter ->atomic_open with it.
/// A's OPEN fails with ENOENT, it d_drops N and re-adds it; B has dropped N too and re-adds it
/// while A holds N's d_lock just before rehashing: the second <c>__d_rehash</c> finds N hashed.
/// </summary>
public sealed class EnoentRehashRepro : ReproScenario
{
    public override string Name => "rc6-two-openers";

    public override string Description =>
        "v4.7-rc6 two-thread race: two opens share a hashed negative dentry; both d_add() it after ENOENT (BUG_ON in __d_rehash)";

    protected override void Arrange(ReproWorld w)
    {
        w.Opener("O", "/d/x").Opener("A", "/d/x").Opener("B", "/d/x");
        w.Schedule
            // O must be the one that owns N in-lookup: the others start their lookup only after it.
            .Wait("A", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.nfs_atomic_open_before_open_rpc)
            .Wait("B", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.nfs_atomic_open_before_open_rpc)
            // O owns N in-lookup; it may only finish once A and B are about to find N in-lookup.
            // O may only finish once the others are about to find N in-lookup.
            .Wait("O", RaceSite.nfs_atomic_open_before_open_rpc, "A", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            .Wait("O", RaceSite.nfs_atomic_open_before_open_rpc, "B", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            // A decides only once B holds N too; B enters nfs_atomic_open only after A decided.
            .Wait("A", RaceSite.lookup_open_after_revalidate, "B", RaceSite.lookup_open_after_revalidate)
            .Wait("B", RaceSite.lookup_open_after_revalidate, "A", RaceSite.nfs_atomic_open_before_open_rpc)
            // Both dropped N before either re-adds it ...
            .Wait("A", RaceSite.nfs_atomic_open_enoent_before_d_add, "B", RaceSite.nfs_atomic_open_enoent_before_d_add)
            // ... and B re-adds it while A is about to rehash (A holds N's d_lock there).
            .Wait("B", RaceSite.nfs_atomic_open_enoent_before_d_add, "A", RaceSite.d_add_before_rehash);
    }
}
