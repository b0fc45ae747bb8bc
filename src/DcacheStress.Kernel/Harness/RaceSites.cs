// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>Stable names of <see cref="RaceSite"/> values ("nfs_atomic_open:after_d_drop").</summary>
public static class RaceSites
{
    private static readonly string[] s_names =
    [
        "nfs_atomic_open:after_d_drop",
        "nfs_atomic_open:before_open_rpc",
        "_nfs4_open_and_get_state:after_d_drop",
        "d_splice_alias:before_d_add",
        "__d_add:before_rehash",
        "d_alloc_parallel:before_in_lookup_insert",
        "__d_lookup_done:before_wake",
        "nfs_prime_dcache:before_d_splice_alias",
        "lookup_open:after_d_revalidate",
        "nfs_atomic_open:enoent_before_d_add",
        "ll_atomic_open:before_ll_lookup_it",
        "ll_lookup_it_finish:before_splice",
        "ll_md_blocking_ast:canceling",
        "ll_lookup_it_finish:done",
        "d_alloc_parallel:in_lookup_scanned",
        "ll_d_init:before_invalidate",
        "ll_file_open:after_open_by_fid",
        "ldlm_bl_thread:before_cancel",
    ];

    /// <summary>Number of sites.</summary>
    public static int Count => s_names.Length;

    /// <summary>Stable name.</summary>
    public static string Name(RaceSite site) => s_names[(int)site];

    /// <summary>
    /// Sites that only a repro's deterministic schedule stops at: the seeded delay policy of
    /// <c>--race-windows on</c> and explore's scheduler (whose change points are the race sites) skip
    /// them, so adding them left every stress measurement and every explore seed as it was.
    /// <c>d_alloc_parallel:in_lookup_scanned</c> sits under the in-lookup bucket bit lock (a delay
    /// there would stall every lookup hashing to that bucket, NFS's too);
    /// <c>ll_d_init:before_invalidate</c> under the dentry's d_lock; <c>ll_file_open:after_open_by_fid</c>
    /// marks the -ESTALE of a create for the repros only.
    /// </summary>
    public static bool ReproOnly(RaceSite site) =>
        site is RaceSite.d_alloc_parallel_in_lookup_scanned or RaceSite.ll_d_init_before_invalidate
            or RaceSite.ll_file_open_after_open_by_fid;

    /// <summary>All sites.</summary>
    public static IEnumerable<RaceSite> All => Enumerable.Range(0, Count).Select(i => (RaceSite)i);

    /// <summary>Parse a stable name (or the enum identifier); false when unknown.</summary>
    public static bool TryParse(string name, out RaceSite site)
    {
        for (int i = 0; i < s_names.Length; i++)
        {
            if (s_names[i] == name || ((RaceSite)i).ToString() == name)
            {
                site = (RaceSite)i;
                return true;
            }
        }
        site = default;
        return false;
    }
}
