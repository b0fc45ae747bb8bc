// SPDX-License-Identifier: GPL-2.0-only
// struct dentry, ported from include/linux/dcache.h (Linux v4.7).
//
// Locking manual (our words; the kernel's is the header of fs/dcache.c):
//   d_lock (= d_lockref's lock bit) protects: d_flags (except the lockless cases below), the
//       refcount when not changed by lockref's CAS fast path, d_inode/type changes (together with a
//       d_seq write section), d_name/d_parent changes (with d_seq and rename_lock), d_alias link,
//       d_wait, the in-lookup state (DCACHE_PAR_LOOKUP is cleared under it).
//   d_seq: writers hold d_lock; lockless (RCU-walk) readers sample it before reading d_parent,
//       d_name, d_inode, d_flags' type and must recheck it before trusting what they read.
//   dentry_hashtable bucket bit lock: d_hash.next/pprev of members (writers only; readers walk the
//       chain locklessly: removal leaves ->next intact, the GC keeps removed dentries alive).
//   in_lookup_hashtable bucket bit lock: d_in_lookup_hash links; every access is under it.
//   inode->i_lock: the inode's i_dentry alias list and the d_alias links of its dentries.
//   rename_lock (seqlock): d_move; readers of the hash that must not miss a moved entry.
// Lock order: inode->i_lock → dentry->d_lock (parent before child) → hash bucket bit lock;
//   the in-lookup bucket lock is taken under d_lock (__d_lookup_done) or with no d_lock at all
//   (d_alloc_parallel). i_dir_seq is a seqcount-like word with its own cmpxchg "lock".
// Lockless exceptions: d_alloc_parallel sets DCACHE_PAR_LOOKUP on a still-private dentry;
//   __d_set_inode_and_type / __d_clear_type_and_inode write d_flags with WRITE_ONCE inside d_seq.
using DcacheStress.Kernel.Locking;

namespace DcacheStress.Kernel;

/// <summary>
/// <c>struct dentry</c>. Field names follow the kernel. Differences forced by managed code:
/// <c>d_name</c> is stored as <c>d_name_hash_len</c> + <c>d_name_name</c> (an immutable byte array
/// that is replaced, never edited, on rename); the unions <c>d_u</c> and <c>d_lru/d_wait</c> are
/// separate fields and their exclusivity is asserted by named invariants instead of corrupting
/// memory; the bucket salt replaces the parent's address. A dentry object is never reused: the
/// garbage collector provides the RCU grace period.
/// </summary>
public sealed class dentry : hlist_bl_node
{
    private static long s_next_id;

    // ---- RCU-walk fields (the kernel's first cache line) ---------------------------------------

    /// <summary><c>d_flags</c>: Volatile.Read by lockless readers (READ_ONCE).</summary>
    internal uint d_flags;

    /// <summary><c>d_seq</c>: per-dentry seqcount (mutable struct: never readonly).</summary>
    internal seqcount_t d_seq;

    /// <summary>
    /// <c>d_hash</c>: link in the primary hash chain; unhashed ⇔ <c>pprev == null</c>. The dentry is
    /// its own node (the base class), so a chain walk reaches the dentry without a load.
    /// </summary>
    internal hlist_bl_node d_hash => this;

    /// <summary><c>d_parent</c>: itself for a root or a never-attached dentry.</summary>
    internal dentry d_parent;

    /// <summary><c>d_name.hash_len</c>.</summary>
    internal ulong d_name_hash_len;

    /// <summary><c>d_name.name</c>: published after its bytes (Volatile.Write; smp_wmb in __d_alloc).</summary>
    internal byte[] d_name_name;

    /// <summary><c>d_inode</c>: null for a negative dentry.</summary>
    internal inode? d_inode;

    /// <summary>Hash salt standing in for the dentry's address in <c>d_hash()</c>.</summary>
    internal readonly uint d_salt;

    // ---- ref-walk and slow-path fields ---------------------------------------------------------
    // Kept in one struct placed after the fields above: the runtime lays a class out as references
    // first, then scalars by size, so without this the RCU-walk scalars (d_seq, d_name_hash_len,
    // d_salt) landed behind a dozen cold references, three cache lines from d_hash. As in the
    // kernel's struct dentry, the RCU-walk fields now share the first lines and d_lockref (written
    // by every dget/dput) lives on another one. The accessors below keep the kernel names.

    private dentry_cold _cold;

    /// <summary><c>d_lockref</c>: count + <c>d_lock</c> in one word (mutable struct: used by ref).</summary>
    internal ref lockref d_lockref => ref _cold.d_lockref;

    /// <summary><c>d_sb</c>.</summary>
    internal super_block d_sb => _cold.d_sb;

    /// <summary><c>d_op</c>.</summary>
    internal ref dentry_operations? d_op => ref _cold.d_op;

    /// <summary><c>d_time</c>: NFS keeps the directory verifier here.</summary>
    internal ref long d_time => ref _cold.d_time;

    /// <summary><c>d_fsdata</c>.</summary>
    internal ref object? d_fsdata => ref _cold.d_fsdata;

    /// <summary><c>d_wait</c> (union with <c>d_lru</c>): valid only while in-lookup.</summary>
    internal ref wait_queue_head_t? d_wait => ref _cold.d_wait;

    /// <summary><c>d_u.d_in_lookup_hash</c>: link in the in-lookup chain, valid only while in-lookup.</summary>
    internal hlist_bl_node d_in_lookup_hash => _cold.d_in_lookup_hash;

    /// <summary><c>d_u.d_alias</c>: next alias on <c>inode->i_dentry</c> (under i_lock).</summary>
    internal ref dentry? d_alias_next => ref _cold.d_alias_next;

    /// <summary><c>d_u.d_alias.pprev</c>: the inode (first) or previous alias; null ⇔ <c>hlist_unhashed(&amp;d_alias)</c>.</summary>
    internal ref object? d_alias_pprev => ref _cold.d_alias_pprev;

    /// <summary><c>d_subdirs</c> count of children holding a reference on us (fsck and tests).</summary>
    internal ref int d_nr_children => ref _cold.d_nr_children;

    /// <summary><c>d_subdirs</c>: first child (parent's d_lock).</summary>
    internal ref dentry? d_subdirs => ref _cold.d_subdirs;

    /// <summary><c>d_child</c>.next (parent's d_lock).</summary>
    internal ref dentry? d_child_next => ref _cold.d_child_next;

    /// <summary><c>d_child</c>.prev (parent's d_lock).</summary>
    internal ref dentry? d_child_prev => ref _cold.d_child_prev;

    /// <summary><c>d_child</c> is on a parent's list.</summary>
    internal ref bool d_child_linked => ref _cold.d_child_linked;

    /// <summary>Harness: which task's <c>d_alloc_parallel</c> made this dentry in-lookup (the <c>d_add.owner</c> check).</summary>
    internal ref task_struct? d_in_lookup_owner => ref _cold.d_in_lookup_owner;

    /// <summary>Harness: stable id for reports and crash records.</summary>
    public long d_id => _cold.d_id;

    /// <summary>Harness: non-zero only for <c>ERR_PTR</c> sentinels, the negative errno (slow paths only).</summary>
    internal int d_err => _cold.d_err;

    /// <summary><c>__d_alloc</c>'s part that needs a constructor.</summary>
    internal dentry(super_block sb, byte[] name, ulong hash_len)
    {
        _cold.d_in_lookup_hash = new hlist_bl_owned_node(this);
        _cold.d_sb = sb;
        d_parent = this;
        d_name_hash_len = hash_len;
        d_name_name = name;
        _cold.d_id = Interlocked.Increment(ref s_next_id);
        d_salt = (uint)(_cold.d_id * 0x9E3779B1L); // spread like an address would be
        d_lockref.init(1);
    }

    private dentry(int err)
    {
        _cold.d_in_lookup_hash = new hlist_bl_owned_node(this);
        _cold.d_sb = null!;
        d_parent = this;
        d_name_name = [];
        _cold.d_err = err;
    }

    private static readonly dentry?[] s_err = new dentry?[128];

    /// <summary><c>ERR_PTR(err)</c>: a sentinel dentry carrying a negative errno.</summary>
    public static dentry ERR_PTR(int err)
    {
        int n = -err;
        if (n <= 0 || n >= s_err.Length)
            throw new ArgumentOutOfRangeException(nameof(err), err, "ERR_PTR takes -1..-127 here");
        return Volatile.Read(ref s_err[n]) ?? Interlocked.CompareExchange(ref s_err[n], new dentry(err), null) ?? s_err[n]!;
    }

    /// <summary><c>IS_ERR(ptr)</c>.</summary>
    public static bool IS_ERR(dentry? d) => d is not null && d.d_err != 0;

    /// <summary><c>IS_ERR_OR_NULL(ptr)</c>.</summary>
    public static bool IS_ERR_OR_NULL(dentry? d) => d is null || d.d_err != 0;

    /// <summary><c>PTR_ERR(ptr)</c>.</summary>
    public static int PTR_ERR(dentry d) => d.d_err;

    /// <summary><c>d_lock</c>: the lock half of <c>d_lockref</c>, as the kernel's <c>#define</c>.</summary>
    public ref lockref d_lock => ref d_lockref;

    /// <summary><c>d_name</c> as a <see cref="qstr"/> (a racy snapshot unless d_lock or d_seq protect it).</summary>
    public qstr d_name => new(Volatile.Read(ref d_name_name), Volatile.Read(ref d_name_hash_len));

    /// <summary>Name as text (reports).</summary>
    public string name => System.Text.Encoding.UTF8.GetString(Volatile.Read(ref d_name_name));

    /// <summary>Parent (public read).</summary>
    public dentry parent => Volatile.Read(ref d_parent);

    /// <summary>Inode (public read).</summary>
    public inode? inode => Volatile.Read(ref d_inode);

    /// <summary><c>d_count()</c>.</summary>
    public int d_count => d_lockref.count;

    /// <summary>Flags snapshot.</summary>
    public uint flags => Volatile.Read(ref d_flags);

    /// <summary>Super block.</summary>
    public super_block sb => d_sb;

    /// <summary>NFS verifier (<c>d_time</c>).</summary>
    public long time { get => Volatile.Read(ref d_time); set => Volatile.Write(ref d_time, value); }

    /// <summary>The <c>d_seq</c> value (tests).</summary>
    public uint seq => d_seq.sequence;

    /// <summary>Full path from the root, for reports ("/a/b").</summary>
    public string path
    {
        get
        {
            var parts = new List<string>();
            var d = this;
            for (int i = 0; i < 64 && !ReferenceEquals(d.parent, d); i++, d = d.parent)
                parts.Add(d.name);
            parts.Reverse();
            return "/" + string.Join('/', parts);
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        d_err != 0 ? $"ERR_PTR({Errno.name(d_err)})" : $"dentry#{d_id}({path})";
}
