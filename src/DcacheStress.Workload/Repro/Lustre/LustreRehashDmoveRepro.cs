// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Fs.Lustre;
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Repro.Lustre;

/// <summary>
/// Interleaving I2 of lustre-reference.md §1.5 as the reference reconstructs it: the gap inside
/// <c>__d_move</c> (4.7.4 fs/dcache.c: <c>__d_drop(dentry)</c>, then <c>__d_rehash(dentry, ...)</c>, both
/// under the dentry's d_lock, which a lockless <c>d_unhashed</c> reader does not take).
/// O, A and B share the hashed negative N of /d/y as in I1 (<c>lustre-two-openers</c>); the other
/// mount creates /d/y and A's IT_OPEN reply lands first: 4.7's <c>ll_lookup_it_finish</c> finds N
/// hashed and makes it positive in place (<c>d_instantiate(N, I)</c>), valid by the reply's LOOKUP
/// lock. Once A has returned (its reply's ldlm reference released), R renames /d/y to /d/z and back
/// on the other mount: the MDS cancels this mount's LOOKUP lock on I, <c>ll_invalidate_aliases</c>
/// marks N invalid (B holds it: it stays hashed). B sends its IT_OPEN (exists, I) only after that;
/// C stats /d/y: <c>ll_dcompare</c> rejects invalid N, C's in-lookup D2 gets "exists",
/// <c>ll_splice_alias(I, D2)</c> → <c>ll_find_alias</c> returns N, <c>d_move(N, D2)</c>, and C stops
/// inside <c>__d_move</c> between the drop and the rehash. B's <c>ll_lookup_it_finish</c> reads
/// <c>d_unhashed(N)</c> there, goes to <c>ll_splice_alias(I, N)</c> and dies on
/// <c>LASSERT(alias != dentry)</c> in <c>ll_find_alias</c> (<c>ll_find_alias.self</c>; its
/// <c>d_add(N)</c> then meets the rehashed N: <c>d_rehash.hashed</c>). Only 4.7's own llite hits it
/// this way. Viro's 1/3 (<c>d_in_lookup</c>) is not fooled by the gap: B instantiates N a second
/// time (I1), and the other mount's renames already die on its exclusive-lock lookups. Every patch
/// with 99f1c01319's check in <c>ll_atomic_open</c> (LU-8371's <c>!d_unhashed</c> too) is clean:
/// A and B find N hashed and return -ENOENT before any RPC, so nothing makes the negative N an
/// alias of I under the shared i_rwsem, and <c>d_move</c> never picks N.
/// </summary>
public sealed class LustreRehashDmoveRepro : ReproScenario
{
    public override string Name => "lustre-rehash-dmove";

    public override string Description =>
        "Lustre I2 (reference's candidate): a stat's ll_splice_alias d_move()s the invalid alias N; an opener reads d_unhashed(N) between __d_move's drop and rehash and splices N itself (LASSERT in ll_find_alias)";

    public override file_system_type Filesystem => lustre_fs_type.Instance;

    /// <summary>The code without 99f1c01319's check in ll_atomic_open (4.7 by the gap, Viro's 1/3 by I1).</summary>
    public override bool ExpectHit(Patch patch) => patch is LustrePatch { ll_atomic_open_checks_dentry: false };

    protected override void Arrange(ReproWorld w)
    {
        w.Warm("/d");
        w.Opener("O", "/d/y").Opener("A", "/d/y").Opener("B", "/d/y");
        w.Runner("R", "rename", () =>
        {
            int err = w.RunAs("other", () =>
            {
                int e = namei.do_renameat(w.Other.Root, "/d/y"u8, "/d/z"u8);
                return e != 0 ? e : namei.do_renameat(w.Other.Root, "/d/z"u8, "/d/y"u8);
            });
            // The renames' UPDATE cancel on /d took the mount's one lock on /d (LOOKUP with it):
            // look /d up again here, so that C's walk finds it valid and C's only d_move is N's.
            return err != 0 ? err : namei.vfs_stat(w.Mount.Root, "/d"u8, out _, out _, out _);
        });
        w.Statter("C", "/d/y");
        // R renames only once A has returned; C stats only once N is invalid.
        w.StartAfterReturn("R", "A").StartAfterReturn("C", "R");
        w.Schedule
            // I1's schedule: A and B miss O's in-lookup N and find it hashed and valid on retry.
            .Wait("A", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.ll_lookup_it_finish_done)
            .Wait("B", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.ll_lookup_it_finish_done)
            .Wait("O", RaceSite.ll_lookup_it_finish_before_splice, "A", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            .Wait("O", RaceSite.ll_lookup_it_finish_before_splice, "B", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            // B goes on only once A holds N too (else B's create could invalidate N before A's
            // recheck finds it, and A would look the name up afresh).
            .Wait("B", RaceSite.lookup_open_after_revalidate, "A", RaceSite.lookup_open_after_revalidate)
            // A sends its IT_OPEN once B holds N in ll_atomic_open too; B has the other mount create
            // /d/y, then waits until A has instantiated N and R has invalidated it: B's reply's
            // LOOKUP lock must come after R's cancel (a cancel waits for the reply's reference).
            .Wait("A", RaceSite.ll_atomic_open_before_lookup, "B", RaceSite.ll_atomic_open_before_lookup)
            .Do("B", RaceSite.ll_atomic_open_before_lookup, "the other mount creates /d/y (the MDS cancels this mount's UPDATE lock on /d first)",
                () => w.Server.CreateFile(w.DirId, "y"))
            .WaitDone("B", RaceSite.ll_atomic_open_before_lookup, "R")
            // B tests d_unhashed(N) only while C's d_move(N, D2) has N off the hash chains, and C
            // rehashes N only once B went on to ll_splice_alias → ll_find_alias.
            .Wait("B", RaceSite.ll_lookup_it_finish_before_splice, "C", RaceSite.__d_move_after_drop)
            .Wait("C", RaceSite.__d_move_after_drop, "B", RaceSite.ll_find_alias_enter);
    }
}
