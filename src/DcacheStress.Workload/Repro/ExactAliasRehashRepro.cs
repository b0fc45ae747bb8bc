// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Repro;

/// <summary>
/// The residual race of 4.7 that the stress runs found (docs/findings.md). A process holds /d/z
/// open through D1, which has been unhashed (as a failed revalidation or readdir's
/// nfs_prime_dcache leave it) but is still an alias of z's inode. Two opens of /d/z under the
/// shared parent lock: X misses in d_alloc_parallel's hash lookup and is held before the in-lookup
/// bucket lock; Y owns the in-lookup dentry, its OPEN succeeds and <c>d_exact_alias</c> rehashes
/// D1 — with no <c>start_dir_add</c>, so <c>i_dir_seq</c> does not move — and Y ends its in-lookup
/// dentry. X then finds neither an in-lookup dentry nor a changed <c>i_dir_seq</c>, makes its own
/// in-lookup dentry and hashes it after its OPEN: two hashed dentries for /d/z.
/// </summary>
public sealed class ExactAliasRehashRepro : ReproScenario
{
    public override string Name => "exact-alias-rehash";

    public override string Description =>
        "4.7 residual race: d_exact_alias rehashes an unhashed alias under the shared lock, unseen by a d_alloc_parallel between its hash miss and its i_dir_seq check (hash.duplicate_name)";

    /// <summary>Every patch whose open path calls d_exact_alias must hit; one that discards it must not.</summary>
    public override bool ExpectHit(Patch patch) => patch.nfs4_open_tries_d_exact_alias;

    protected override void Arrange(ReproWorld w)
    {
        w.Server.CreateFile(w.DirId, "z");
        dentry held = w.KeepOpen("/d/z");
        w.Dcache.d_invalidate(held);
        w.Opener("Y", "/d/z").Opener("X", "/d/z");
        w.Schedule
            // X's hash lookup missed (D1 unhashed); it must not take the in-lookup bucket lock
            // before Y's in-lookup dentry has left it again.
            .Wait("X", RaceSite.d_alloc_parallel_before_in_lookup_insert, "Y", RaceSite.d_lookup_done_before_wake)
            // Y rehashes D1 (d_exact_alias) only after X's hash lookup has missed it.
            .Wait("Y", RaceSite.open_and_get_state_after_d_drop, "X", RaceSite.d_alloc_parallel_before_in_lookup_insert);
    }
}
