// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>Stable names, kinds and descriptions of <see cref="Invariant"/> and <see cref="Observation"/>.</summary>
public static class InvariantInfo
{
    private static readonly (string Name, InvariantKind Kind, string What)[] s_table =
    [
        ("d_splice_alias.hashed", InvariantKind.KernelBug, "BUG_ON(!d_unhashed(dentry)) at the top of d_splice_alias"),
        ("d_rehash.hashed", InvariantKind.KernelBug, "BUG_ON(!d_unhashed(entry)) in __d_rehash"),
        ("in_lookup.final_dput", InvariantKind.KernelBug, "WARN_ON(d_in_lookup(dentry)) in dput: final put of a dentry still in-lookup"),
        ("in_lookup.instantiate", InvariantKind.KernelBug, "WARN_ON(d_in_lookup(dentry)) in __d_instantiate"),
        ("lockref.kill_with_refs", InvariantKind.KernelBug, "BUG_ON(dentry->d_lockref.count > 0) in __dentry_kill"),
        ("atomic_open.file_created_no_creat", InvariantKind.KernelBug, "WARN_ON(!(open_flag & O_CREAT)) with FILE_CREATED in atomic_open"),
        ("unlazy.inode_mismatch", InvariantKind.KernelBug, "BUG_ON(nd->inode != parent->d_inode) in unlazy_walk"),
        ("do_last.still_rcu", InvariantKind.KernelBug, "BUG_ON(nd->flags & LOOKUP_RCU) in do_last after lookup_fast returned 0"),
        ("dentry_free.alias_linked", InvariantKind.KernelBug, "WARN_ON(!hlist_unhashed(&dentry->d_u.d_alias)) in dentry_free"),
        ("nfs_atomic_open.positive", InvariantKind.KernelBug, "BUG_ON(d_inode(dentry)) at the top of nfs_atomic_open: the dentry became positive under us"),
        ("unlazy.not_rcu", InvariantKind.KernelBug, "BUG_ON(!(nd->flags & LOOKUP_RCU)) at the top of unlazy_walk"),
        ("do_last.inode_mismatch", InvariantKind.KernelBug, "BUG_ON(nd->inode != dir->d_inode) in do_last after lookup_fast returned 0"),
        ("d_instantiate.alias_linked", InvariantKind.KernelBug, "BUG_ON(!hlist_unhashed(&entry->d_u.d_alias)) in d_instantiate"),
        ("d_move.ancestor_of_target", InvariantKind.KernelBug, "BUG_ON(d_ancestor(dentry, target)) in __d_move: the moved dentry is an ancestor of its target"),
        ("d_move.descendant_of_target", InvariantKind.KernelBug, "BUG_ON(d_ancestor(target, dentry)) in __d_move: the target is an ancestor of the moved dentry"),
        ("d_add.owner", InvariantKind.RootCause, "d_add/d_splice_alias, or d_instantiate of a hashed dentry, on a dentry neither in-lookup by this thread nor under an exclusive parent lock"),
        ("hash.duplicate_name", InvariantKind.RootCause, "two hashed dentries with the same (parent, name) that a lookup could both match (the filesystem's ->d_compare decides, where it has one)"),
        ("hash.duplicate_alias", InvariantKind.RootCause, "d_alias linked twice (a positive dentry instantiated again)"),
        ("in_lookup.duplicate", InvariantKind.RootCause, "two in-lookup dentries for the same (parent, name)"),
        ("in_lookup.positive", InvariantKind.PortCheck, "an in-lookup dentry became positive"),
        ("in_lookup.hashed", InvariantKind.PortCheck, "an in-lookup dentry is being hashed"),
        ("lookup_done.not_in_lookup", InvariantKind.PortCheck, "__d_lookup_done on a dentry that is not in-lookup"),
        ("lookup_done.wrong_chain", InvariantKind.PortCheck, "__d_lookup_done could not find the dentry on its in-lookup chain"),
        ("lockref.underflow", InvariantKind.PortCheck, "dput of a dentry whose count is already <= 0 and not dead"),
        ("lockref.get_dead", InvariantKind.PortCheck, "a reference taken on a dead dentry"),
        ("d_alloc_parallel.wait_returned_inlookup", InvariantKind.PortCheck, "d_wait_lookup returned with DCACHE_PAR_LOOKUP still set (lost wake-up)"),
        ("atomic_open.not_owner", InvariantKind.PortCheck, "->atomic_open entered without exclusive access where the patch promises it"),
        ("ll_lookup_it_finish.positive", InvariantKind.KernelBug, "LASSERT(!d_inode(*de)) in ll_lookup_it_finish (4.7 llite/namei.c): a shared hashed dentry was already made positive by another opener"),
        ("ll_find_alias.self", InvariantKind.KernelBug, "LASSERT(alias != dentry) in ll_find_alias: the dentry being spliced is already an alias of the inode"),
        ("d_lustre_revalidate.no_lld", InvariantKind.KernelBug, "LASSERT(ll_d2d(dentry)) in d_lustre_revalidate: a dentry never passed through ll_d_init"),
        ("ll_atomic_open.positive", InvariantKind.KernelBug, "LASSERT(!d_inode(dentry)) at the top of ll_atomic_open (99f1c01319 and later)"),
    ];

    private static readonly (string Name, string What)[] s_observations =
    [
        ("atomic_open.shared_negative", "->atomic_open entered without O_CREAT on a hashed negative dentry (the window; not a bug in 4.7)"),
        ("atomic_open.switched", "nfs_atomic_open switched to a private dentry from d_alloc_parallel"),
        ("d_alloc_parallel.waited", "d_alloc_parallel waited for another thread's in-lookup dentry"),
        ("lookup_fast.unlazy", "RCU-walk fell back to ref-walk"),
    ];

    /// <summary>Number of invariants.</summary>
    public static int Count => s_table.Length;

    /// <summary>Number of observation counters.</summary>
    public static int ObservationCount => s_observations.Length;

    /// <summary>Stable name ("d_splice_alias.hashed").</summary>
    public static string Name(Invariant inv) => s_table[(int)inv].Name;

    /// <summary>Kind of check.</summary>
    public static InvariantKind Kind(Invariant inv) => s_table[(int)inv].Kind;

    /// <summary>One-line description.</summary>
    public static string Describe(Invariant inv) => s_table[(int)inv].What;

    /// <summary>Stable name of an observation ("atomic_open.shared_negative").</summary>
    public static string Name(Observation obs) => s_observations[(int)obs].Name;

    /// <summary>One-line description of an observation.</summary>
    public static string Describe(Observation obs) => s_observations[(int)obs].What;

    /// <summary>All invariants.</summary>
    public static IEnumerable<Invariant> All => Enumerable.Range(0, Count).Select(i => (Invariant)i);

    /// <summary>All observations.</summary>
    public static IEnumerable<Observation> AllObservations => Enumerable.Range(0, ObservationCount).Select(i => (Observation)i);

    /// <summary>Parse an observation's stable name back; false when unknown.</summary>
    public static bool TryParseObservation(string name, out Observation obs)
    {
        for (int i = 0; i < s_observations.Length; i++)
        {
            if (s_observations[i].Name == name)
            {
                obs = (Observation)i;
                return true;
            }
        }
        obs = default;
        return false;
    }

    /// <summary>Parse a stable name back; false when unknown.</summary>
    public static bool TryParse(string name, out Invariant inv)
    {
        for (int i = 0; i < s_table.Length; i++)
        {
            if (s_table[i].Name == name)
            {
                inv = (Invariant)i;
                return true;
            }
        }
        inv = default;
        return false;
    }
}
