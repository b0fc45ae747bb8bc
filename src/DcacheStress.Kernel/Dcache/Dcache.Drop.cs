// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/dcache.c (Linux v4.7): __d_drop, d_drop, dentry_unlink_inode, d_delete, d_invalidate.
using DcacheStress.Kernel.Locking;
using static DcacheStress.Kernel.DcacheFlags;

namespace DcacheStress.Kernel;

public partial class Dcache
{
    /// <summary>
    /// <c>__d_drop(dentry)</c>: d_lock held. Unhash (idempotent); the node keeps ->next for RCU
    /// readers on it; then <c>dentry_rcuwalk_invalidate</c> (d_seq += 2) fails every RCU-walk that
    /// sampled d_seq before. Does not touch the in-lookup hash.
    /// </summary>
    internal void __d_drop(dentry dentry)
    {
        if (!d_unhashed(dentry))
        {
            hlist_bl_head_ref b = IS_ROOT(dentry) ? dentry.d_sb.s_anon : d_hash(dentry.d_parent, (uint)dentry.d_name_hash_len);
            b.hlist_bl_lock();
            hlist_bl_node.__hlist_bl_del(dentry.d_hash);
            Volatile.Write(ref dentry.d_hash.pprev, null); // now d_unhashed() (hlist_bl_del_init_rcu)
            b.hlist_bl_unlock();
            dentry.d_seq.write_seqcount_invalidate(); // dentry_rcuwalk_invalidate
        }
    }

    /// <summary><c>d_drop(dentry)</c>.</summary>
    public void d_drop(dentry dentry)
    {
        dentry.d_lock.spin_lock();
        __d_drop(dentry);
        dentry.d_lock.spin_unlock();
        task_struct.current.trace.add(TraceEvent.d_drop, dentry.d_id, 0);
    }

    /// <summary>
    /// <c>dentry_unlink_inode(dentry)</c>: d_lock and the inode's i_lock held; both released. The
    /// dentry becomes negative (in a d_seq write section when hashed).
    /// </summary>
    private static void dentry_unlink_inode(dentry dentry)
    {
        inode inode = dentry.d_inode!;
        bool hashed = !d_unhashed(dentry);
        if (hashed)
            dentry.d_seq.raw_write_seqcount_begin();
        __d_clear_type_and_inode(dentry);
        d_alias_del_init(dentry);
        if (hashed)
            dentry.d_seq.raw_write_seqcount_end();
        dentry.d_lock.spin_unlock();
        inode.i_lock.spin_unlock();
        // d_op->d_iput(dentry, inode), else iput(inode) (inode lifetime is the GC's)
        dentry.d_op?.d_iput(dentry, inode);
    }

    /// <summary>
    /// <c>d_delete(dentry)</c>: after a successful unlink. With the only reference, turn the dentry
    /// negative in place (it stays hashed as a negative entry); otherwise unhash it.
    /// </summary>
    public void d_delete(dentry dentry)
    {
    again:
        dentry.d_lock.spin_lock();
        inode? inode = dentry.d_inode;
        if (inode is null)
        {
            // The model's unlink only calls this on positive dentries; stay safe regardless.
            dentry.d_lock.spin_unlock();
            return;
        }
        if (dentry.d_lockref.count == 1)
        {
            if (!inode.i_lock.spin_trylock())
            {
                dentry.d_lock.spin_unlock();
                barrier.cpu_relax();
                goto again;
            }
            dentry.d_flags &= ~DCACHE_CANT_MOUNT;
            dentry_unlink_inode(dentry);
            task_struct.current.trace.add(TraceEvent.d_delete, dentry.d_id, 1);
            return;
        }
        if (!d_unhashed(dentry))
            __d_drop(dentry);
        dentry.d_lock.spin_unlock();
        task_struct.current.trace.add(TraceEvent.d_delete, dentry.d_id, 0);
    }

    /// <summary>
    /// <c>d_invalidate(dentry)</c>: detach a dentry found invalid by d_revalidate. For a negative
    /// dentry this is <c>d_drop</c>. For a positive one the kernel walks the subtree, shrinks unused
    /// children and detaches mounts until only the start dentry is left to drop; the model has no
    /// mounts and no shrinker, so only the final <c>__d_drop</c> of the start dentry is done.
    /// </summary>
    public void d_invalidate(dentry dentry)
    {
        dentry.d_lock.spin_lock();
        if (d_unhashed(dentry))
        {
            dentry.d_lock.spin_unlock();
            return;
        }
        dentry.d_lock.spin_unlock();
        task_struct.current.trace.add(TraceEvent.d_invalidate, dentry.d_id, 0);

        // Negative dentries can be dropped without further checks
        if (Volatile.Read(ref dentry.d_inode) is null)
        {
            d_drop(dentry);
            return;
        }
        // check_and_drop(): nothing mounted, nothing selected → drop the start dentry
        d_drop(dentry);
    }
}
