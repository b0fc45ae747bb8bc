// SPDX-License-Identifier: GPL-2.0-only
// struct hlist_bl_head * and its operations, ported from include/linux/list_bl.h, rculist_bl.h and
// bit_spinlock.h (Linux v4.7).
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DcacheStress.Kernel.Locking;

/// <summary>
/// A <c>struct hlist_bl_head *</c>: the address of one bucket, as the table it lives in and its
/// index. Managed code cannot hold an interior pointer in a field, and a node's <c>pprev</c> must be
/// able to name "the first slot of bucket i" (see <see cref="hlist_bl_node.pprev"/>), so a bucket is
/// named by (table, slot) instead. Two refs are equal when they name the same bucket.
/// </summary>
public readonly struct hlist_bl_head_ref : IEquatable<hlist_bl_head_ref>
{
    /// <summary>The table (an array of heads stored by value).</summary>
    internal readonly hlist_bl_head[] table;

    /// <summary>The bucket's index in <see cref="table"/>.</summary>
    internal readonly int slot;

    /// <summary>
    /// Bucket <paramref name="slot"/> of <paramref name="table"/>. The caller guarantees
    /// 0 &lt;= slot &lt; table.Length (a <c>hash_32</c> of the table's own shift, or a loop over it):
    /// <see cref="hlist_bl_first_rcu"/> relies on it to skip the bounds check on the hot path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal hlist_bl_head_ref(hlist_bl_head[] table, int slot)
    {
        Debug.Assert((uint)slot < (uint)table.Length);
        this.table = table;
        this.slot = slot;
    }

    /// <summary>A stand-alone head (a table of one bucket): <c>s_anon</c>, tests.</summary>
    public static hlist_bl_head_ref alloc_single() => new(new hlist_bl_head[1], 0);

    /// <summary>The head itself.</summary>
    internal ref hlist_bl_head head
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref table[slot];
    }

    /// <summary><c>hlist_bl_lock()</c> = <c>bit_spin_lock(0, ...)</c>: CAS is the ACQUIRE.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void hlist_bl_lock()
    {
        SchedHooks.Point(SchedPoint.hlist_bl_lock);
        if (Interlocked.CompareExchange(ref head.lockbit, 1, 0) != 0)
            hlist_bl_lock_slow();
    }

    private void hlist_bl_lock_slow() => spin_slowpath.acquire(ref head.lockbit, "hlist_bl_lock", SchedPoint.hlist_bl_lock);

    /// <summary><c>hlist_bl_unlock()</c> = <c>__bit_spin_unlock</c>: store-release; pairs with the CAS above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void hlist_bl_unlock()
    {
        Volatile.Write(ref head.lockbit, 0);
        SchedHooks.Point(SchedPoint.hlist_bl_unlock);
    }

    /// <summary><c>hlist_bl_is_locked()</c>.</summary>
    public bool hlist_bl_is_locked() => Volatile.Read(ref head.lockbit) != 0;

    /// <summary>
    /// <c>hlist_bl_empty()</c>: a lockless READ_ONCE of the first pointer (an acquire read here, so a
    /// caller that then walks without the lock sees the nodes' fields; pairs with the store-release
    /// in <see cref="hlist_bl_add_head_rcu"/>).
    /// </summary>
    public bool hlist_bl_empty() => hlist_bl_first_rcu() is null;

    /// <summary><c>hlist_bl_first()</c> for a lock holder (plain walk under the bit lock).</summary>
    public hlist_bl_node? hlist_bl_first() => head.first;

    /// <summary><c>hlist_bl_first_rcu()</c>: rcu_dereference of the first node; pairs with rcu_assign_pointer below.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public hlist_bl_node? hlist_bl_first_rcu() =>
        Volatile.Read(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(table), slot).first); // in range: see the constructor

    /// <summary>
    /// <c>hlist_bl_add_head_rcu()</c>: lock held. Initialise the node, then publish it with
    /// rcu_assign_pointer (a store-release: a reader that sees <paramref name="n"/> sees its fields).
    /// </summary>
    public void hlist_bl_add_head_rcu(hlist_bl_node n)
    {
        ref hlist_bl_head h = ref head;
        hlist_bl_node? first = h.first;
        n.next = first;
        if (first is not null)
            first.pprev = n;
        n.pprev_slot = slot;
        Volatile.Write(ref n.pprev, table); // n->pprev = &h->first (hashed from here on)
        Volatile.Write(ref h.first, n); // rcu_assign_pointer(h->first, n)
    }

    /// <inheritdoc/>
    public bool Equals(hlist_bl_head_ref other) => ReferenceEquals(table, other.table) && slot == other.slot;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is hlist_bl_head_ref other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(table), slot);

    /// <summary>Same bucket.</summary>
    public static bool operator ==(hlist_bl_head_ref a, hlist_bl_head_ref b) => a.Equals(b);

    /// <summary>Different buckets.</summary>
    public static bool operator !=(hlist_bl_head_ref a, hlist_bl_head_ref b) => !a.Equals(b);
}
