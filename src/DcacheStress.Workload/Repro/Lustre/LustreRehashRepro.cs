// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Fs.Lustre;
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Repro.Lustre;

/// <summary>
/// Interleaving I2 of lustre-reference.md as far as 4.7's VFS lets it go (LU-16851's rehash through
/// <c>ll_splice_alias</c> → <c>d_add</c>). C holds a cached positive P for /d/y and opens it with
/// O_CREAT; with "trust creates" (9573911bfb) its revalidation trusts P, and before its open by FID
/// the other mount unlinks /d/y, so the open answers -ESTALE and <c>do_filp_open</c> retries with
/// LOOKUP_REVAL. Meanwhile O looks /d/y up (NEG: hashed negative N, valid) and B1, B2 get N from
/// <c>d_alloc_parallel</c> under the shared i_rwsem (as in I1) and stop after revalidating it. The
/// step the analysis needs next, C's retry <c>d_invalidate</c>-ing N while B1 and B2 hold it so that
/// both pass LU-8371's <c>!d_unhashed</c> test and both <c>d_add</c> N, cannot happen: the retry's
/// last component is an O_CREAT lookup, which 4.7's <c>do_last</c> does only in <c>lookup_open</c>
/// under the exclusive i_rwsem (no <c>lookup_fast</c>), and intermediate components carry
/// LOOKUP_PARENT, which <c>ll_revalidate_dentry</c> trusts before it looks at LOOKUP_REVAL. B1 and B2
/// give up waiting, find N hashed and return -ENOENT; C's retry then invalidates N and creates
/// /d/y. Clean on every Lustre patch but Viro's 1/3, which dies as always on the other mount's
/// unlink (an exclusive-lock lookup of a name that mount never looked up: <c>lustre-unlink-uncached</c>);
/// the trail shows where the window is closed.
/// </summary>
public sealed class LustreRehashRepro : ReproScenario
{
    public override string Name => "lustre-rehash";

    public override string Description =>
        "Lustre I2: a create's -ESTALE retry (LOOKUP_REVAL) would d_invalidate the negative N two shared openers hold; 4.7 takes that lookup under the exclusive i_rwsem: clean (Viro's 1/3 dies on the other mount's unlink)";

    public override file_system_type Filesystem => lustre_fs_type.Instance;

    /// <summary>Only Viro's 1/3, on the other mount's unlink, not on this race.</summary>
    public override bool ExpectHit(Patch patch) => LustreViroUnlinkRepro.SplicesNoPlainDentry(patch);

    protected override void Arrange(ReproWorld w)
    {
        w.Warm("/d");
        w.Server.CreateFile(w.DirId, "y");
        w.Warm("/d/y"); // P: positive, valid (LOOKUP lock on y)
        w.Creator("C", "/d/y").Opener("O", "/d/y").Opener("B1", "/d/y").Opener("B2", "/d/y");
        // O, B1 and B2 start once /d/y is gone (P invalid: they do not find it).
        w.StartAfter("O", "C", RaceSite.lookup_open_after_revalidate)
            .StartAfter("B1", "C", RaceSite.lookup_open_after_revalidate)
            .StartAfter("B2", "C", RaceSite.lookup_open_after_revalidate);
        w.Schedule
            // C has revalidated P (trusted as a create); the other mount unlinks /d/y now.
            .Do("C", RaceSite.lookup_open_after_revalidate, "the other mount unlinks /d/y (the MDS cancels this mount's LOOKUP lock on y and UPDATE lock on /d)",
                () => w.RunAs("other", () => namei.do_unlinkat(w.Other.Root, "/d/y"u8)))
            // C's open by FID failed (-ESTALE with trust creates); it retries only once B1 and B2
            // hold N after revalidating it.
            .Wait("C", RaceSite.ll_file_open_after_open_by_fid, "B1", RaceSite.lookup_open_after_revalidate)
            .Wait("C", RaceSite.ll_file_open_after_open_by_fid, "B2", RaceSite.lookup_open_after_revalidate)
            // I1's schedule: B1 and B2 miss O's in-lookup N and find it hashed and valid on retry.
            .Wait("B1", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.ll_lookup_it_finish_done)
            .Wait("B2", RaceSite.d_alloc_parallel_before_in_lookup_insert, "O", RaceSite.ll_lookup_it_finish_done)
            .Wait("O", RaceSite.ll_lookup_it_finish_before_splice, "B1", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            .Wait("O", RaceSite.ll_lookup_it_finish_before_splice, "B2", RaceSite.d_alloc_parallel_before_in_lookup_insert)
            // B1 and B2 wait, holding N, for C's retry to have invalidated it (it then looks the
            // name up afresh: d_alloc_parallel). Under 4.7 it cannot: they time out.
            .Wait("B1", RaceSite.lookup_open_after_revalidate, "C", RaceSite.ll_lookup_it_finish_before_splice)
            .Wait("B2", RaceSite.lookup_open_after_revalidate, "C", RaceSite.ll_lookup_it_finish_before_splice);
    }
}
