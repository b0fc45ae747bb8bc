// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Repro;

/// <summary>
/// How Viro's 2016-07-03 patch reaches the kernel BUG Drokin hit, "always in ls": the O_DIRECTORY
/// branch of <c>nfs_atomic_open</c>. O's open of the absent /d/z leaves the negative dentry N
/// hashed (ENOENT → d_add(N, NULL)); the `ls` threads L1 and L2 (opendir of an entry readdir
/// showed them, <c>O_DIRECTORY</c> without O_CREAT, so the parent is held shared) and a `cat` C got
/// N from d_alloc_parallel, hashed, negative and valid. C enters <c>nfs_atomic_open</c> first and,
/// N being hashed, does the patch's <c>d_drop(N)</c> and switches to its own dentry. L1 and L2 then
/// find N unhashed: the O_DIRECTORY test <c>!d_unhashed</c> sends both to <c>no_open</c> →
/// <c>nfs_lookup</c> → <c>d_splice_alias(NULL, N)</c> on the one shared N. Both pass its
/// <c>BUG_ON(!d_unhashed)</c>; L2 hashes N, L1's <c>__d_add</c> finds it hashed:
/// <c>BUG_ON(!d_unhashed(entry))</c> in <c>__d_rehash</c>, on a negative dentry without
/// DCACHE_PAR_LOOKUP. 4.7's O_DIRECTORY test (<c>!d_in_lookup</c>) returns -ENOENT instead.
/// On v4.7-rc6 (no switch) C's own ENOENT path unhashes N (its d_drop before d_add) in the same
/// place, so rc6 reaches the same BUG by the same branch.
/// </summary>
public sealed class TentativeLsOpendirRepro : ReproScenario
{
    public override string Name => "viro-ls-opendir";

    public override string Description =>
        "viro-2016-07-03 `ls` race: two O_DIRECTORY opens hold a negative dentry that another open's d_drop unhashed; both go no_open → nfs_lookup → d_splice_alias and hash it twice (BUG_ON in __d_rehash)";

    protected override void Arrange(ReproWorld w)
    {
        w.Opener("O", "/d/z").Opener("C", "/d/z").Lister("L1", "/d/z").Lister("L2", "/d/z");
        w.Schedule
            // O owns N in-lookup; the others start their lookup only after it ...
            .Wait("C", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.nfs_atomic_open_before_open_rpc)
            .Wait("L1", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.nfs_atomic_open_before_open_rpc)
            .Wait("L2", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.nfs_atomic_open_before_open_rpc)
            // ... and O's OPEN (ENOENT: N hashed negative) only once they are about to find N.
            .Wait("O", RaceSite.nfs_atomic_open_before_open_rpc, "C", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            .Wait("O", RaceSite.nfs_atomic_open_before_open_rpc, "L1", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            .Wait("O", RaceSite.nfs_atomic_open_before_open_rpc, "L2", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            // C decides only once L1 and L2 hold N too (out of d_alloc_parallel, revalidated) ...
            .Wait("C", RaceSite.lookup_open_after_revalidate, "L1", RaceSite.lookup_open_after_revalidate)
            .Wait("C", RaceSite.lookup_open_after_revalidate, "L2", RaceSite.lookup_open_after_revalidate)
            // ... and the ls threads go on only once C's open has unhashed N: the patch's
            // switch d_drop (rc6: the d_drop of C's own ENOENT path, C then held before d_add).
            .Wait("L1", RaceSite.lookup_open_after_revalidate, "C", RaceSite.nfs_atomic_open_enoent_before_d_add)
            .Wait("L2", RaceSite.lookup_open_after_revalidate, "C", RaceSite.nfs_atomic_open_enoent_before_d_add)
            .Wait("C", RaceSite.nfs_atomic_open_enoent_before_d_add, "L1", RaceSite.d_add_before_rehash)
            // Both pass d_splice_alias's BUG_ON while N is unhashed; L2 hashes it first.
            .Wait("L2", RaceSite.d_splice_alias_before_d_add, "L1", RaceSite.d_splice_alias_before_d_add)
            .Wait("L1", RaceSite.d_splice_alias_before_d_add, "L2", RaceSite.d_add_before_rehash);
    }
}
