// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>
/// Named invariant sites (kernel-reference.md §6). The string names (<see cref="InvariantInfo"/>)
/// are stable: they are metric label values and appear in reports.
/// </summary>
public enum Invariant
{
    // Kernel BUG_ON / WARN_ON sites of 4.7.
    d_splice_alias_hashed,
    d_rehash_hashed,
    in_lookup_final_dput,
    in_lookup_instantiate,
    lockref_kill_with_refs,
    atomic_open_file_created_no_creat,
    unlazy_inode_mismatch,
    do_last_still_rcu,
    dentry_free_alias_linked,
    nfs_atomic_open_positive,
    unlazy_not_rcu,
    do_last_inode_mismatch,
    d_instantiate_alias_linked,
    d_move_ancestor_of_target,
    d_move_descendant_of_target,

    // Root-cause checks the harness adds.
    d_add_owner,
    hash_duplicate_name,
    hash_duplicate_alias,
    in_lookup_duplicate,

    // Port self-checks (a hit means a bug in this port, not in a patch).
    in_lookup_positive,
    in_lookup_hashed,
    lookup_done_not_in_lookup,
    lookup_done_wrong_chain,
    lockref_underflow,
    lockref_get_dead,
    d_alloc_parallel_wait_returned_inlookup,
    atomic_open_not_owner,

    // Lustre (drivers/staging/lustre/lustre/llite, 4.7): LASSERT/LBUG sites, kernel-BUG-class.
    ll_lookup_it_finish_positive,
    ll_find_alias_self,
    d_lustre_revalidate_no_lld,
    ll_atomic_open_positive,
}
