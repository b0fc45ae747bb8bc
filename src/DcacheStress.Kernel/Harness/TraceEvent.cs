// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>What a thread did, one entry of its <see cref="TraceRing"/>.</summary>
public enum TraceEvent : short
{
    None = 0,
    d_alloc_parallel_new,
    d_alloc_parallel_hashed,
    d_alloc_parallel_waited,
    d_lookup_done,
    d_add,
    d_splice_alias,
    d_drop,
    d_delete,
    d_invalidate,
    d_move,
    d_exact_alias,
    dput_kill,
    atomic_open_enter,
    atomic_open_switch,
    atomic_open_exit,
    open_rpc,
    lookup_rpc,
    revalidate,
    race_window,
    invariant_hit,
    op_begin,
    op_end,
    getattr_rpc,
    ldlm_cancel,
    d_lustre_invalidate,
    d_lustre_revalidate,
}
