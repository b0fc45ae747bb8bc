// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/dcache.c (Linux v4.7): dget, dput, fast_dput, dentry_kill, __dentry_kill, dentry_free.
using System.Runtime.CompilerServices;
using DcacheStress.Kernel.Locking;
using static DcacheStress.Kernel.DcacheFlags;

namespace DcacheStress.Kernel;

public partial class Dcache
{
    /// <summary><c>dget(dentry)</c>: take a reference (lockref_get).</summary>
    public dentry dget(dentry dentry)
    {
        bug.On(Invariant.lockref_get_dead, dentry.d_lockref.count < 0, dentry);
        dentry.d_lockref.lockref_get();
        return dentry;
    }

    /// <summary>
    /// <c>dput(dentry)</c>: drop a reference. The last one keeps a hashed dentry cached (count 0,
    /// "on the LRU"); an unhashed, disconnected or ->d_delete'd one is killed, and the parent's
    /// reference is dropped in turn.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void dput(dentry? dentry)
    {
        if (dentry is null)
            return;
    repeat:
        // rcu_read_lock()
        if (fast_dput(dentry))
        {
            // rcu_read_unlock()
            return;
        }
        // rcu_read_unlock(): now d_lock is held and we own the last reference (count == 1)
        dentry = dput_last_reference(dentry);
        if (dentry is not null)
            goto repeat;
    }

    /// <summary>
    /// The rest of <c>dput()</c> after <c>fast_dput</c> failed (d_lock held, count == 1): keep the
    /// dentry cached or kill it. Returns the dentry to put next (the kernel's <c>goto repeat</c>
    /// with the parent, or with the same dentry when a trylock failed), or null when done.
    /// A named slow path so that the common put stays small enough to inline.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private dentry? dput_last_reference(dentry dentry)
    {
        // Harness: a put of a count that was already <= 0 (and not dead) is an accounting bug.
        if (bug.On(Invariant.lockref_underflow, dentry.d_lockref.count < 1, dentry))
        {
            dentry.d_lock.spin_unlock();
            return null; // safe way out: ignore the extra put
        }

        // WARN_ON(d_in_lookup(dentry)): the owner forgot d_lookup_done. The kernel goes on and
        // corrupts the in-lookup chain (call_rcu over d_u); the safe way out ends in-lookup first.
        if (bug.On(Invariant.in_lookup_final_dput, d_in_lookup(dentry), dentry))
            __d_lookup_done(dentry);

        // Unreachable? Get rid of it
        if (d_unhashed(dentry))
            goto kill_it;
        if ((dentry.d_flags & DCACHE_DISCONNECTED) != 0)
            goto kill_it;
        if ((dentry.d_flags & DCACHE_OP_DELETE) != 0 && dentry.d_op!.d_delete(dentry))
            goto kill_it;

        if ((dentry.d_flags & DCACHE_REFERENCED) == 0)
            dentry.d_flags |= DCACHE_REFERENCED;
        dentry.d_flags |= DCACHE_LRU_LIST; // dentry_lru_add(): no shrinker in the model, the flag only
        dentry.d_lockref.add_locked(-1);
        dentry.d_lock.spin_unlock();
        return null;

    kill_it:
        return dentry_kill(dentry);
    }

    /// <summary>
    /// <c>fast_dput(dentry)</c>: true when done; false with d_lock held and count == 1 (the caller
    /// owns the last reference).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool fast_dput(dentry dentry)
    {
        // If we have a d_op->d_delete() operation, we sould not let the dentry count go to zero,
        // so use "put_or_lock".
        if ((Volatile.Read(ref dentry.d_flags) & DCACHE_OP_DELETE) != 0)
            return dentry.d_lockref.lockref_put_or_lock();

        int ret = dentry.d_lockref.lockref_put_return();
        if (ret < 0)
            return fast_dput_locked(dentry);
        if (ret != 0)
            return true;

        // Count reached zero without the lock. smp_rmb: the flags/hash loads below are ordered
        // after the decrement (pairs with the stores made under d_lock by whoever set them).
        barrier.smp_rmb();
        uint d_flags = Volatile.Read(ref dentry.d_flags);
        d_flags &= DCACHE_REFERENCED | DCACHE_LRU_LIST | DCACHE_DISCONNECTED;
        if (d_flags == (DCACHE_REFERENCED | DCACHE_LRU_LIST) && !d_unhashed(dentry))
            return true;
        return fast_dput_recheck(dentry);
    }

    /// <summary>
    /// <c>fast_dput</c> when <c>lockref_put_return</c> failed (lock held, dead, or count already 0):
    /// fall back to the lock. Same result convention as <see cref="fast_dput"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool fast_dput_locked(dentry dentry)
    {
        dentry.d_lock.spin_lock();
        if (dentry.d_lockref.count > 1)
        {
            dentry.d_lockref.add_locked(-1);
            dentry.d_lock.spin_unlock();
            return true;
        }
        return false;
    }

    /// <summary>
    /// <c>fast_dput</c> after the count reached zero on a dentry that is not simply "referenced and
    /// on the LRU": take d_lock and check whether somebody re-grabbed it meanwhile.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool fast_dput_recheck(dentry dentry)
    {
        dentry.d_lock.spin_lock();
        if (dentry.d_lockref.count != 0)
        {
            // Re-grabbed (or dead): not ours any more.
            dentry.d_lock.spin_unlock();
            return true;
        }
        dentry.d_lockref.set_count_locked(1);
        return false;
    }

    /// <summary>
    /// <c>dentry_kill(dentry)</c>: d_lock held. Trylock the inode and the parent (lock order
    /// inversion avoidance); on success kill and return the parent to put, on failure unlock and
    /// return the same dentry to retry.
    /// </summary>
    private dentry? dentry_kill(dentry dentry)
    {
        inode? inode = dentry.d_inode;
        dentry? parent = null;
        if (inode is not null && !inode.i_lock.spin_trylock())
            goto failed;
        if (!IS_ROOT(dentry))
        {
            parent = dentry.d_parent;
            if (!parent.d_lock.spin_trylock())
            {
                if (inode is not null)
                    inode.i_lock.spin_unlock();
                goto failed;
            }
        }
        __dentry_kill(dentry, parent);
        return parent;

    failed:
        dentry.d_lock.spin_unlock();
        SchedHooks.cpu_relax(yield: true); // the kernel's cpu_relax; a preempted lock holder needs the CPU
        return dentry; // try again with same dentry
    }

    /// <summary>
    /// <c>__dentry_kill(dentry)</c>: d_lock, parent's d_lock and the inode's i_lock held (those that
    /// exist). Marks it dead, unhashes, unlinks from the parent, drops the inode, frees.
    /// </summary>
    private void __dentry_kill(dentry dentry, dentry? parent)
    {
        dentry.d_lockref.lockref_mark_dead();
        // d_prune: none. dentry_lru_del:
        dentry.d_flags &= ~DCACHE_LRU_LIST;
        __d_drop(dentry);
        // dentry_unlist(): we are no longer one of parent's children
        dentry.d_flags |= DCACHE_DENTRY_KILLED;
        if (parent is not null)
        {
            parent.d_nr_children--;
            d_subdirs_del(parent, dentry);
            parent.d_lock.spin_unlock();
        }
        // dentry_unlink_inode(): drop the inode and the locks (unhashed already: no d_seq section)
        inode? inode = dentry.d_inode;
        if (inode is not null)
        {
            __d_clear_type_and_inode(dentry);
            d_alias_del_init(dentry);
            dentry.d_lock.spin_unlock();
            inode.i_lock.spin_unlock();
            dentry.d_op?.d_iput(dentry, inode); // else iput(inode): the GC's
        }
        else
        {
            dentry.d_lock.spin_unlock();
        }
        task_struct.current.trace.add(TraceEvent.dput_kill, dentry.d_id, 0);
        // BUG_ON(dentry->d_lockref.count > 0): someone took a plain reference on a dead dentry.
        bug.On(Invariant.lockref_kill_with_refs, dentry.d_lockref.count > 0, dentry);
        dentry_free(dentry);
    }

    /// <summary><c>dentry_free(dentry)</c>: the GC frees it once no reader can reach it (call_rcu).</summary>
    private void dentry_free(dentry dentry)
    {
        bug.On(Invariant.dentry_free_alias_linked, !d_alias_unhashed(dentry), dentry);
        Interlocked.Decrement(ref _nr_dentry); // this_cpu_dec(nr_dentry)
    }
}
