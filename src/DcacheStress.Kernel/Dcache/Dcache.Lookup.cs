// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/dcache.c (Linux v4.7): __d_lookup_rcu, __d_lookup, d_lookup.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using DcacheStress.Kernel.Locking;
using static DcacheStress.Kernel.DcacheFlags;

namespace DcacheStress.Kernel;

public partial class Dcache
{
    /// <summary>
    /// <c>__d_lookup_rcu(parent, name, seqp)</c>: lockless hash lookup for RCU-walk. Returns the
    /// dentry without a reference and the <c>d_seq</c> sample that the caller must validate
    /// (<c>read_seqcount_retry</c>, or lockref + recheck) before trusting anything it read.
    /// Caller: rcu_read_lock (a no-op marker here: the GC keeps dentries we can reach alive).
    /// When the parent has <c>DCACHE_OP_COMPARE</c> the name goes to <c>->d_compare</c> through
    /// <see cref="slow_dentry_cmp"/>, which may send the walk back to <c>seqretry</c> for the same
    /// dentry while a rename of it is in progress.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public dentry? __d_lookup_rcu(dentry parent, in qstr name, out uint seqp)
    {
        ulong hashlen = name.hash_len;
        ReadOnlySpan<byte> str = name.name;
        hlist_bl_head_ref b = d_hash(parent, (uint)hashlen);

        // hlist_bl_for_each_entry_rcu: each next is an rcu_dereference (Volatile.Read) that pairs
        // with rcu_assign_pointer in hlist_bl_add_head_rcu; removed nodes keep ->next.
        for (hlist_bl_node? node = b.hlist_bl_first_rcu(); node is not null; node = node.next_rcu)
        {
            // container_of(node, struct dentry, d_hash): only dentries are ever added to this table
            // (__d_rehash adds entry.d_hash, which is the dentry itself), so no type check is needed.
            dentry dentry = Unsafe.As<dentry>(node);
            Debug.Assert(node is dentry);
        seqretry:
            // raw_seqcount_begin: acquire load + smp_rmb; the loads below are ordered after it and
            // validated later by the caller's read_seqcount_retry (pairs with the d_seq write
            // sections in __d_move/__d_set_inode_and_type and write_seqcount_invalidate in __d_drop).
            uint seq = dentry.d_seq.raw_seqcount_begin();
            if (!ReferenceEquals(Volatile.Read(ref dentry.d_parent), parent))
                continue;
            if (d_unhashed(dentry))
                continue;

            // The parent's flags are stable for as long as it is in use (set once by d_set_d_op).
            if ((parent.d_flags & DCACHE_OP_COMPARE) != 0)
            {
                if ((uint)Volatile.Read(ref dentry.d_name_hash_len) != (uint)hashlen)
                    continue;
                seqp = seq;
                switch (slow_dentry_cmp(parent, dentry, seq, name))
                {
                    case slow_d_compare.D_COMP_OK:
                        return dentry;
                    case slow_d_compare.D_COMP_NOMATCH:
                        continue;
                    default:
                        goto seqretry;
                }
            }

            if (Volatile.Read(ref dentry.d_name_hash_len) != hashlen)
                continue;
            seqp = seq;
            if (dentry_cmp(dentry, str) == 0)
                return dentry;
        }
        seqp = 0;
        return null;
    }

    /// <summary>Outcome of <see cref="slow_dentry_cmp"/> (<c>enum slow_d_compare</c>, 4.7).</summary>
    internal enum slow_d_compare
    {
        D_COMP_OK,
        D_COMP_NOMATCH,
        D_COMP_SEQRETRY,
    }

    /// <summary>
    /// <c>slow_dentry_cmp(parent, dentry, seq, name)</c> (noinline in 4.7, kept out of the fast path
    /// here too): first <c>read_seqcount_retry</c> on the child's <c>d_seq</c> (its smp_rmb orders the
    /// name loads of the caller before the recheck; pairs with the d_seq write sections of
    /// <c>__d_move</c>), so that <c>->d_compare</c> sees a name and length that were consistent at
    /// <paramref name="seq"/>; a changed sequence sends the caller back to <c>seqretry</c>
    /// (<c>cpu_relax()</c> first, a spin-wait hint here).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static slow_d_compare slow_dentry_cmp(dentry parent, dentry dentry, uint seq, in qstr name)
    {
        uint tlen = (uint)(Volatile.Read(ref dentry.d_name_hash_len) >> 32);
        byte[] tname = Volatile.Read(ref dentry.d_name_name);

        if (dentry.d_seq.read_seqcount_retry(seq))
        {
            SchedHooks.cpu_relax(); // cpu_relax(); explore: wait for the writer's release
            return slow_d_compare.D_COMP_SEQRETRY;
        }
        if (parent.d_op!.d_compare(parent, dentry, tlen, tname, name) != 0)
            return slow_d_compare.D_COMP_NOMATCH;
        return slow_d_compare.D_COMP_OK;
    }

    /// <summary>
    /// <c>__d_lookup(parent, name)</c>: ref-walk hash lookup; returns the dentry with a reference
    /// taken under its <c>d_lock</c>, or null. Does not retry on renames (see <see cref="d_lookup"/>).
    /// </summary>
    public dentry? __d_lookup(dentry parent, in qstr name)
    {
        uint hash = name.hash;
        hlist_bl_head_ref b = d_hash(parent, hash);
        dentry? found = null;

        // rcu_read_lock()
        for (hlist_bl_node? node = b.hlist_bl_first_rcu(); node is not null; node = node.next_rcu)
        {
            dentry dentry = (dentry)node; // container_of(node, struct dentry, d_hash)
            if ((uint)Volatile.Read(ref dentry.d_name_hash_len) != hash)
                continue;

            dentry.d_lock.spin_lock();
            if (!ReferenceEquals(dentry.d_parent, parent))
                goto next;
            if (d_unhashed(dentry))
                goto next;
            // d_move cannot change the name while we hold d_lock, so it is safe to compare it.
            if (!d_same_name(dentry, parent, name))
                goto next;

            dentry.d_lockref.add_locked(1); // dentry->d_lockref.count++
            found = dentry;
            dentry.d_lock.spin_unlock();
            break;
        next:
            dentry.d_lock.spin_unlock();
        }
        // rcu_read_unlock()
        return found;
    }

    /// <summary>
    /// <c>d_lookup(parent, name)</c>: <see cref="__d_lookup"/>, retried on a miss while a rename ran
    /// (the rename_lock sample pairs with write_seqlock in d_move).
    /// </summary>
    public dentry? d_lookup(dentry parent, in qstr name)
    {
        dentry? dentry;
        uint seq;
        do
        {
            seq = rename_lock.read_seqbegin();
            dentry = __d_lookup(parent, name);
            if (dentry is not null)
                break;
        } while (rename_lock.read_seqretry(seq));
        return dentry;
    }

    /// <summary><c>d_hash_and_lookup()</c>-style convenience: hash <paramref name="name"/>, then <see cref="d_lookup"/>.</summary>
    public dentry? d_lookup(dentry parent, ReadOnlySpan<byte> name) => d_lookup(parent, qstr.from(name));
}
