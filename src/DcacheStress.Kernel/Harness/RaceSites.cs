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
        "ldlm_bl_thread:before_cancel",
    ];

    /// <summary>Number of sites.</summary>
    public static int Count => s_names.Length;

    /// <summary>Stable name.</summary>
    public static string Name(RaceSite site) => s_names[(int)site];

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
