// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>
/// Named race-window hook sites in the ported code (kernel-reference.md §5 interleavings). Their
/// stable names are in <see cref="RaceSites.Name"/>.
/// </summary>
public enum RaceSite
{
    nfs_atomic_open_after_d_drop,
    nfs_atomic_open_before_open_rpc,
    open_and_get_state_after_d_drop,
    d_splice_alias_before_d_add,
    d_add_before_rehash,
    d_alloc_parallel_before_in_lookup_insert,
    d_lookup_done_before_wake,
    nfs_prime_dcache_before_splice,
    lookup_open_after_revalidate,
    nfs_atomic_open_enoent_before_d_add,
    ll_atomic_open_before_lookup,
    ll_lookup_it_finish_before_splice,
    ll_md_blocking_ast_canceling,
    ll_lookup_it_finish_done,
    d_alloc_parallel_in_lookup_scanned,
    ll_d_init_before_invalidate,
    ll_file_open_after_open_by_fid,
    ldlm_bl_thread_before_cancel,
}
