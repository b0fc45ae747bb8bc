// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/dcache.c (Linux v4.7): __d_alloc, d_alloc, d_make_root, d_set_d_op,
// d_alloc_parallel, d_wait_lookup, __d_lookup_done, d_lookup_done.
using DcacheStress.Kernel.Locking;
using static DcacheStress.Kernel.DcacheFlags;

namespace DcacheStress.Kernel;

public partial class Dcache
{
    /// <summary>
    /// <c>__d_alloc(sb, name)</c>: a new unattached, unhashed, negative dentry with count 1. The
    /// name bytes are copied before the object can be published (the kernel's smp_wmb before
    /// storing d_name.name; here the bytes are written in the constructor and every publication
    /// of the dentry is a store-release).
    /// </summary>
    public dentry __d_alloc(super_block sb, in qstr name)
    {
        byte[] copy = name.name.ToArray();
        var dentry = new dentry(sb, copy, name.hash_len);
        d_set_d_op(dentry, sb.s_d_op);
        Interlocked.Increment(ref _nr_dentry); // this_cpu_inc(nr_dentry)
        return dentry;
    }

    /// <summary><c>d_set_d_op()</c>: remember the ops and cache "has method" bits in d_flags.</summary>
    internal static void d_set_d_op(dentry dentry, dentry_operations? op)
    {
        dentry.d_op = op;
        if (op is null)
            return;
        uint flags = dentry.d_flags;
        if (op.has_d_compare)
            flags |= DCACHE_OP_COMPARE;
        if (op.has_d_revalidate)
            flags |= DCACHE_OP_REVALIDATE;
        if (op.has_d_delete)
            flags |= DCACHE_OP_DELETE;
        dentry.d_flags = flags; // not yet visible to anyone
    }

    /// <summary>
    /// <c>d_alloc(parent, name)</c>: <see cref="__d_alloc"/> + attach to <paramref name="parent"/>
    /// (the child holds a reference on its parent). Unhashed, negative, count 1.
    /// </summary>
    public dentry d_alloc(dentry parent, in qstr name)
    {
        dentry dentry = __d_alloc(parent.d_sb, name);
        dentry.d_flags |= DCACHE_RCUACCESS;
        parent.d_lock.spin_lock();
        // don't need child lock because it is not subject to concurrency here
        parent.d_lockref.add_locked(1); // __dget_dlock(parent)
        dentry.d_parent = parent;
        parent.d_nr_children++;
        d_subdirs_add(parent, dentry);  // list_add(&dentry->d_child, &parent->d_subdirs)
        parent.d_lock.spin_unlock();
        return dentry;
    }

    /// <summary><c>d_make_root(root_inode)</c>: the root dentry of a super block (never hashed).</summary>
    public dentry d_make_root(inode root_inode)
    {
        dentry res = __d_alloc(root_inode.i_sb, qstr.from("/"u8));
        d_instantiate(res, root_inode);
        root_inode.i_sb.s_root = res;
        return res;
    }

    /// <summary>
    /// <c>d_alloc_parallel(parent, name, wq)</c>: the hashed match if there is one (with a reference);
    /// else, if another thread has (parent, name) in-lookup, wait for it and return its result if it
    /// became the hashed match (otherwise retry); else a new in-lookup dentry (count 1) that this
    /// thread owns until <c>d_lookup_done</c>/<c>__d_add</c>. Caller holds parent's i_rwsem (shared
    /// or exclusive). Virtual: a patch to the dcache core may replace it.
    /// </summary>
    public virtual dentry d_alloc_parallel(dentry parent, in qstr name, wait_queue_head_t wq)
    {
        uint hash = name.hash;
        hlist_bl_head_ref b = in_lookup_hash(parent, hash);
        dentry @new = d_alloc(parent, name);
        dentry? dentry;
        uint seq, r_seq, d_seq;
        inode dir = parent.d_inode!;

    retry:
        // rcu_read_lock()
        // (A) smp_load_acquire(&parent->d_inode->i_dir_seq) & ~1: pairs with the
        // smp_store_release in end_dir_add; an odd (active) value makes (C) below fail.
        SchedHooks.Point(SchedPoint.read_seqcount_begin); // explore: before the i_dir_seq sample
        seq = Volatile.Read(ref dir.i_dir_seq) & ~1u;
        r_seq = rename_lock.read_seqbegin(); // (B) pairs with write_seqlock(&rename_lock) in d_move
        dentry = __d_lookup_rcu(parent, name, out d_seq);
        if (dentry is not null)
        {
            // The successful lockref CAS is a full barrier (the ACQUIRE Viro relies on), so the
            // d_seq recheck below cannot be satisfied by values read before the reference.
            if (!dentry.d_lockref.lockref_get_not_dead())
            {
                // rcu_read_unlock()
                SchedHooks.Retry(); // explore: another task must move first
                goto retry;
            }
            if (dentry.d_seq.read_seqcount_retry(d_seq))
            {
                // rcu_read_unlock()
                dput(dentry);
                SchedHooks.Retry(); // explore: another task must move first
                goto retry;
            }
            // rcu_read_unlock()
            dput(@new);
            task_struct.current.trace.add(TraceEvent.d_alloc_parallel_hashed, dentry.d_id, 0);
            return dentry;
        }
        if (rename_lock.read_seqretry(r_seq))
        {
            // rcu_read_unlock()
            SchedHooks.Retry(); // explore: another task must move first
            goto retry;
        }

        race.Hit(RaceSite.d_alloc_parallel_before_in_lookup_insert);

        b.hlist_bl_lock();
        // (C) re-read under the in-lookup bucket lock: every in-lookup → hashed transition of a
        // child of parent happens inside start_dir_add/end_dir_add and leaves this chain under
        // this lock, so if i_dir_seq did not move, no such transition raced our hash lookup.
        SchedHooks.Point(SchedPoint.read_seqcount_retry); // explore: before the i_dir_seq recheck
        if (Volatile.Read(ref dir.i_dir_seq) != seq)
        {
            b.hlist_bl_unlock();
            // rcu_read_unlock()
            SchedHooks.Retry(); // explore: another task must move first
            goto retry;
        }

        // Scan the in-lookup chain (plain walk: the bit lock keeps it stable).
        var rejected = default(d_compare_rejects); // harness: for d_in_lookup_hash_add's check
        for (hlist_bl_node? node = b.hlist_bl_first(); node is not null; node = node.next)
        {
            dentry = node.entry;
            if (dentry.d_name.hash != hash)
                continue;
            if (!ReferenceEquals(dentry.d_parent, parent))
                continue;
            if (!d_same_name(dentry, parent, name))
            {
                rejected.note(dentry, parent);
                continue;
            }
            b.hlist_bl_unlock();
            // Now we can grab a reference (still under RCU: the owner may d_lookup_done + dput
            // right now; lockref_get_not_dead fails on a dead one, then we start over).
            if (!dentry.d_lockref.lockref_get_not_dead())
            {
                // rcu_read_unlock()
                SchedHooks.Retry(); // explore: another task must move first
                goto retry;
            }
            // rcu_read_unlock()
            // Wait for it to leave in-lookup, then see if it became the hashed match.
            dentry.d_lock.spin_lock();
            d_wait_lookup(dentry);
            bug.Observe(Observation.d_alloc_parallel_waited);
            task_struct.current.trace.add(TraceEvent.d_alloc_parallel_waited, dentry.d_id, 0);
            if (bug.On(Invariant.d_alloc_parallel_wait_returned_inlookup, d_in_lookup(dentry), dentry))
                goto mismatch;
            if (dentry.d_name.hash != hash)
                goto mismatch;
            if (!ReferenceEquals(dentry.d_parent, parent))
                goto mismatch;
            if (d_unhashed(dentry))
                goto mismatch;
            if (!d_same_name(dentry, parent, name))
                goto mismatch;
            // OK, it *is* a hashed match; return it
            dentry.d_lock.spin_unlock();
            dput(@new);
            return dentry;
        }
        // rcu_read_unlock()
        race.Hit(RaceSite.d_alloc_parallel_in_lookup_scanned); // repro-only: bucket lock held
        // We are the first: @new becomes in-lookup. It is visible to nobody yet, so no d_lock.
        @new.d_flags |= DCACHE_PAR_LOOKUP;
        @new.d_wait = wq;
        d_in_lookup_hash_add(@new, b, rejected);
        b.hlist_bl_unlock();
        task_struct.current.trace.add(TraceEvent.d_alloc_parallel_new, @new.d_id, 0);
        return @new;

    mismatch:
        dentry.d_lock.spin_unlock();
        dput(dentry);
        SchedHooks.Retry(); // explore: another task must move first
        goto retry;
    }

    /// <summary>
    /// <c>hlist_bl_add_head_rcu(&amp;new->d_u.d_in_lookup_hash, b)</c> with the harness's checks: the
    /// owner tag for <c>d_add.owner</c>, and <c>in_lookup.duplicate</c>: another in-lookup dentry for
    /// the same (parent, name) on the chain that the caller's scan should have matched and did not
    /// test. Bucket lock held since that scan. Shared by every version of <c>d_alloc_parallel</c>, so a
    /// patched one is checked the same way.
    /// <para><paramref name="rejected"/>: the candidates the parent's <c>->d_compare</c> turned down
    /// in the caller's scan. They are no duplicates, whatever the compare would answer now: its
    /// answer may change between the scan and this check, because the bucket lock does not keep
    /// the filesystem's state still (4.7's <c>ll_d_init</c> publishes a zeroed <c>ll_dentry_data</c>,
    /// <c>lld_invalid</c> 0, and marks it invalid only afterwards, both under the dentry's d_lock,
    /// which <c>ll_dcompare</c> does not take: repro <c>lustre-in-lookup-recheck</c>). Asking it
    /// again flagged 4.7's design (parallel in-lookup Lustre dentries of one name, until
    /// a22c3d41d187). A scan that skips a candidate without comparing it (4.7-rc3's braino) records
    /// nothing, so it is still flagged; without <c>->d_compare</c> (NFS) nothing is recorded.</para>
    /// </summary>
    protected internal void d_in_lookup_hash_add(dentry @new, hlist_bl_head_ref b, in d_compare_rejects rejected = default)
    {
        var parent = @new.d_parent;
        ulong hash_len = @new.d_name_hash_len;
        for (hlist_bl_node? node = b.hlist_bl_first(); node is not null; node = node.next)
        {
            dentry other = node.entry;
            if (ReferenceEquals(other.d_parent, parent) && other.d_name_hash_len == hash_len
                && !rejected.contains(other) && d_same_name(other, parent, @new.d_name))
            {
                bug.On(Invariant.in_lookup_duplicate, true, @new);
                break;
            }
        }
        Volatile.Write(ref @new.d_in_lookup_owner, task_struct.current);
        b.hlist_bl_add_head_rcu(@new.d_in_lookup_hash); // publication: store-release of the node
    }

    /// <summary>
    /// <c>d_wait_lookup(dentry)</c>: <c>d_lock</c> held on entry and exit, dropped while asleep.
    /// The sleeper is queued under d_lock while DCACHE_PAR_LOOKUP is set; __d_lookup_done clears
    /// the flag and wakes the queue under the same d_lock, so the wake-up cannot be missed.
    /// </summary>
    internal static void d_wait_lookup(dentry dentry)
    {
        if (d_in_lookup(dentry))
        {
            var task = task_struct.current;
            var wait = new wait_queue_t { comm = task.comm }; // DECLARE_WAITQUEUE(wait, current)
            dentry.d_wait!.add_wait_queue(wait);
            do
            {
                wait.set_current_state(wait_queue_t.TASK_UNINTERRUPTIBLE);
                dentry.d_lock.spin_unlock();
                task.wchan = "d_wait_lookup";
                wait.schedule();
                task.wchan = null;
                dentry.d_lock.spin_lock();
            } while (d_in_lookup(dentry));
        }
    }

    /// <summary>
    /// <c>__d_lookup_done(dentry)</c>: <c>d_lock</c> held; the dentry leaves in-lookup: off its chain,
    /// flag cleared, waiters woken, <c>d_wait</c> forgotten.
    /// </summary>
    public void __d_lookup_done(dentry dentry)
    {
        if (bug.On(Invariant.lookup_done_not_in_lookup, !d_in_lookup(dentry), dentry))
            return; // safe way out: deleting a node that is on no chain would corrupt one
        hlist_bl_head_ref b = in_lookup_hash(dentry.d_parent, dentry.d_name.hash);
        b.hlist_bl_lock();
        Volatile.Write(ref dentry.d_flags, dentry.d_flags & ~DCACHE_PAR_LOOKUP);
        if (bug.On(Invariant.lookup_done_wrong_chain, !chain_contains(b, dentry.d_in_lookup_hash), dentry))
        {
            b.hlist_bl_unlock();
            return; // safe way out: never unlink under the wrong bucket lock
        }
        hlist_bl_node.__hlist_bl_del(dentry.d_in_lookup_hash);
        race.Hit(RaceSite.d_lookup_done_before_wake);
        dentry.d_wait!.wake_up_all();
        dentry.d_wait = null;
        b.hlist_bl_unlock();
        // INIT_HLIST_NODE(&dentry->d_u.d_alias): the union is now an empty alias link.
        dentry.d_in_lookup_hash.pprev = null;
        dentry.d_in_lookup_hash.next = null;
        Volatile.Write(ref dentry.d_in_lookup_owner, null);
        task_struct.current.trace.add(TraceEvent.d_lookup_done, dentry.d_id, 0);
    }

    private static bool chain_contains(hlist_bl_head_ref b, hlist_bl_node n)
    {
        for (hlist_bl_node? p = b.hlist_bl_first(); p is not null; p = p.next)
        {
            if (ReferenceEquals(p, n))
                return true;
        }
        return false;
    }

    /// <summary>
    /// <c>d_lookup_done(dentry)</c>: end in-lookup if still so. The unlocked flag test is safe only
    /// for the owner, the one thread allowed to clear it.
    /// </summary>
    public void d_lookup_done(dentry dentry)
    {
        if (d_in_lookup(dentry))
        {
            dentry.d_lock.spin_lock();
            __d_lookup_done(dentry);
            dentry.d_lock.spin_unlock();
        }
    }
}
