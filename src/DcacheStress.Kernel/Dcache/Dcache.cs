// SPDX-License-Identifier: GPL-2.0-only
// The state of fs/dcache.c (Linux v4.7) as one instance: dentry_hashtable, in_lookup_hashtable,
// rename_lock. The functions are split over Dcache.*.cs by topic, with kernel names verbatim.
using System.Runtime.CompilerServices;
using DcacheStress.Kernel.Locking;
using static DcacheStress.Kernel.DcacheFlags;

namespace DcacheStress.Kernel;

/// <summary>
/// One dentry cache. The kernel has exactly one; the harness makes one per patch under test so
/// that patches never share state. Not sealed: a patch to the dcache core overrides the function
/// it changes (<see cref="d_alloc_parallel"/>), everything else stays the 4.7 code.
/// </summary>
public partial class Dcache
{
    /// <summary><c>dentry_hashtable</c>.</summary>
    internal readonly hlist_bl_head[] dentry_hashtable;

    /// <summary><c>d_hash_shift</c>.</summary>
    internal readonly int d_hash_shift;

    /// <summary><c>32 - d_hash_shift</c>: hash_32's final shift, computed once instead of per lookup.</summary>
    private readonly int d_hash_rshift;

    /// <summary><c>in_lookup_hashtable</c>.</summary>
    internal readonly hlist_bl_head[] in_lookup_hashtable;

    /// <summary><c>IN_LOOKUP_SHIFT</c>.</summary>
    internal readonly int in_lookup_shift;

    /// <summary><c>rename_lock</c>.</summary>
    public readonly seqlock_t rename_lock = new();

    /// <summary>The named invariant sites (BUG_ON/WARN_ON) of this instance (shared by a target's boots).</summary>
    public readonly Bug bug;

    /// <summary>The race-window hooks of this instance (shared by a target's boots).</summary>
    public readonly RaceWindows race;

    private long _nr_dentry;

    /// <summary>Create an empty dcache.</summary>
    public Dcache(DcacheOptions? options = null)
    {
        options ??= DcacheOptions.Default;
        if (options.DHashShift is < 4 or > 24)
            throw new ArgumentOutOfRangeException(nameof(options), options.DHashShift, "DHashShift must be 4..24");
        if (options.InLookupShift is < 1 or > 20)
            throw new ArgumentOutOfRangeException(nameof(options), options.InLookupShift, "InLookupShift must be 1..20");
        d_hash_shift = options.DHashShift;
        d_hash_rshift = 32 - d_hash_shift;
        in_lookup_shift = options.InLookupShift;
        bug = options.Bug ?? new Bug();
        race = options.Race ?? new RaceWindows();
        dentry_hashtable = new hlist_bl_head[1 << d_hash_shift]; // heads by value, all empty and unlocked
        in_lookup_hashtable = new hlist_bl_head[1 << in_lookup_shift];
    }

    /// <summary><c>nr_dentry</c>: dentries allocated and not yet freed.</summary>
    public long nr_dentry => Volatile.Read(ref _nr_dentry);

    // ---- include/linux/dcache.h helpers ----------------------------------------------------------

    /// <summary><c>d_unhashed()</c>: <c>hlist_bl_unhashed(&amp;dentry->d_hash)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool d_unhashed(dentry dentry) => dentry.d_hash.hlist_bl_unhashed();

    /// <summary><c>d_in_lookup()</c>: DCACHE_PAR_LOOKUP set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool d_in_lookup(dentry dentry) => (Volatile.Read(ref dentry.d_flags) & DCACHE_PAR_LOOKUP) != 0;

    /// <summary><c>d_is_negative()</c>: entry type is MISS.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool d_is_negative(dentry dentry) => (Volatile.Read(ref dentry.d_flags) & DCACHE_ENTRY_TYPE) == DCACHE_MISS_TYPE;

    /// <summary><c>d_can_lookup()</c>: a directory.</summary>
    public static bool d_can_lookup(dentry dentry) => (Volatile.Read(ref dentry.d_flags) & DCACHE_ENTRY_TYPE) == DCACHE_DIRECTORY_TYPE;

    /// <summary><c>d_really_is_negative()</c>: <c>d_inode == NULL</c>.</summary>
    public static bool d_really_is_negative(dentry dentry) => Volatile.Read(ref dentry.d_inode) is null;

    /// <summary><c>d_inode()</c>.</summary>
    public static inode? d_inode(dentry dentry) => Volatile.Read(ref dentry.d_inode);

    /// <summary><c>d_backing_inode()</c>.</summary>
    public static inode? d_backing_inode(dentry dentry) => Volatile.Read(ref dentry.d_inode);

    /// <summary><c>IS_ROOT()</c>: its own parent.</summary>
    public static bool IS_ROOT(dentry dentry) => ReferenceEquals(Volatile.Read(ref dentry.d_parent), dentry);

    /// <summary><c>hlist_unhashed(&amp;dentry->d_u.d_alias)</c>.</summary>
    internal static bool d_alias_unhashed(dentry dentry) => dentry.d_alias_pprev is null;

    // ---- hashing (fs/dcache.c d_hash, in_lookup_hash) --------------------------------------------

    /// <summary><c>d_hash(parent, hash)</c>: bucket of (parent, name) in <c>dentry_hashtable</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal hlist_bl_head_ref d_hash(dentry parent, uint hash) =>
        new(dentry_hashtable, (int)NameHash.hash_32_rshift(hash + parent.d_salt, d_hash_rshift));

    /// <summary><c>in_lookup_hash(parent, hash)</c>: bucket in <c>in_lookup_hashtable</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal hlist_bl_head_ref in_lookup_hash(dentry parent, uint hash) =>
        new(in_lookup_hashtable, (int)NameHash.hash_32(hash + parent.d_salt, in_lookup_shift));

    /// <summary>
    /// <c>dentry_cmp()</c>: 0 when the dentry's name equals <paramref name="ct"/>. The name pointer is
    /// loaded once (ACCESS_ONCE + smp_read_barrier_depends: the Volatile.Read pairs with the
    /// publication of <c>d_name_name</c> in __d_alloc/copy_name). The length may be stale; the span
    /// compare checks the array's real length, and the caller's d_seq check catches the rest.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int dentry_cmp(dentry dentry, ReadOnlySpan<byte> ct)
    {
        byte[] cs = Volatile.Read(ref dentry.d_name_name);
        return cs.AsSpan().SequenceEqual(ct) ? 0 : 1;
    }

    /// <summary>
    /// The name test of every locked lookup path in 4.7 (<c>__d_lookup</c>, both compares of
    /// <c>d_alloc_parallel</c>): the parent's <c>->d_compare</c> when <c>DCACHE_OP_COMPARE</c> is set
    /// on the parent, else length + <c>dentry_cmp</c>. 4.7 writes the branch out at each site; later
    /// kernels factor it into <c>d_same_name()</c>, whose name this helper takes. The caller holds what
    /// keeps the child's name stable (its <c>d_lock</c>, or the in-lookup bucket lock of an in-lookup
    /// dentry, which <c>d_move</c> never renames).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool d_same_name(dentry dentry, dentry parent, in qstr name)
    {
        if ((parent.d_flags & DCACHE_OP_COMPARE) != 0)
        {
            uint tlen = dentry.d_name.len;
            return parent.d_op!.d_compare(parent, dentry, tlen, dentry.d_name_name, name) == 0;
        }
        return dentry.d_name.len == name.len && dentry_cmp(dentry, name.name) == 0;
    }

    /// <summary>The d_add.owner check: the caller must own the dentry exclusively.</summary>
    internal void d_add_owner_check(dentry dentry)
    {
        var dir = Volatile.Read(ref dentry.d_parent).d_inode;
        bool inLookupOwned = d_in_lookup(dentry) && ReferenceEquals(Volatile.Read(ref dentry.d_in_lookup_owner), task_struct.current);
        bool exclusive = dir is not null && dir.i_rwsem.held_write_by_current;
        bug.On(Invariant.d_add_owner, !inLookupOwned && !exclusive && !IS_ROOT(dentry), dentry);
    }
}
