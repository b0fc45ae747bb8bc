// SPDX-License-Identifier: GPL-2.0-only
// d_alloc_parallel() as in Linux 4.7-rc3 fs/dcache.c (before "fix idiotic braino in d_alloc_parallel()").
using DcacheStress.Kernel;
using DcacheStress.Kernel.Locking;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Patches;

/// <summary>
/// <c>v4.7-rc3-braino</c>: a what-if hybrid that no kernel shipped: 4.7-rc3's dcache core under
/// 4.7's NFS code. 4.7-rc3's <c>d_alloc_parallel</c> skips in-lookup candidates that are unhashed —
/// which every in-lookup dentry is — so the scan never matches and there is no exclusion at all (it
/// also takes its reference with dget under the bucket lock, outside RCU). The
/// <c>nfs_atomic_open</c> is 4.7 final's (switch on <c>!d_in_lookup</c>), whereas rc3's own had no
/// switch: the pair shows what the braino does to the fixed NFS code, not what rc3 did.
/// </summary>
public sealed class V47Rc3BrainoPatch : NfsAtomicOpenPatch
{
    public override string Name => "v4.7-rc3-braino";
    public override string Description => "hybrid: 4.7-rc3 d_alloc_parallel (in-lookup scan skips d_unhashed entries, never excludes) under 4.7's nfs_atomic_open";
    public override string Source => "Linux v4.7-rc3 fs/dcache.c d_alloc_parallel + v4.7 fs/nfs/dir.c (no kernel shipped the pair); fixed by Viro \"fix idiotic braino in d_alloc_parallel()\" e7d6ef9790bc";
    public override bool ExpectedClean => false;
    protected override bool should_switch(dentry dentry, uint open_flags) =>
        (open_flags & O_CREAT) == 0 && !d_in_lookup(dentry);
    protected override bool o_directory_trusts_cached(dentry dentry) => !d_in_lookup(dentry);

    /// <inheritdoc/>
    public override Dcache CreateDcache(DcacheOptions options) => new BrainoDcache(options);

    /// <summary>The dcache with 4.7-rc3's d_alloc_parallel.</summary>
    private sealed class BrainoDcache(DcacheOptions options) : Dcache(options)
    {
        public override dentry d_alloc_parallel(dentry parent, in qstr name, wait_queue_head_t wq)
        {
            uint hash = name.hash;
            hlist_bl_head_ref b = in_lookup_hash(parent, hash);
            dentry @new = d_alloc(parent, name);
            dentry? dentry;
            uint seq, r_seq, d_seq;
            inode dir = parent.d_inode!;

        retry:
            // rcu_read_lock()
            SchedHooks.Point(SchedPoint.read_seqcount_begin); // explore: before the i_dir_seq sample
            seq = Volatile.Read(ref dir.i_dir_seq) & ~1u; // smp_load_acquire; pairs with end_dir_add
            r_seq = rename_lock.read_seqbegin();
            dentry = __d_lookup_rcu(parent, name, out d_seq);
            if (dentry is not null)
            {
                if (!dentry.d_lockref.lockref_get_not_dead())
                {
                    SchedHooks.Retry(); // explore: another task must move first
                    goto retry;
                }
                if (dentry.d_seq.read_seqcount_retry(d_seq))
                {
                    dput(dentry);
                    SchedHooks.Retry(); // explore: another task must move first
                    goto retry;
                }
                dput(@new);
                return dentry;
            }
            if (rename_lock.read_seqretry(r_seq))
            {
                SchedHooks.Retry(); // explore: another task must move first
                goto retry;
            }
            race.Hit(RaceSite.d_alloc_parallel_before_in_lookup_insert);
            b.hlist_bl_lock();
            SchedHooks.Point(SchedPoint.read_seqcount_retry); // explore: before the i_dir_seq recheck
            if (Volatile.Read(ref dir.i_dir_seq) != seq)
            {
                b.hlist_bl_unlock();
                SchedHooks.Retry(); // explore: another task must move first
                goto retry;
            }
            // rcu_read_unlock() came here in rc3, before the scan
            for (hlist_bl_node? node = b.hlist_bl_first(); node is not null; node = node.next)
            {
                dentry = node.entry;
                if (dentry.d_name.hash != hash)
                    continue;
                if (!ReferenceEquals(dentry.d_parent, parent))
                    continue;
                if (d_unhashed(dentry))
                    continue; // the braino: every in-lookup dentry is unhashed
                if (!d_same_name(dentry, parent, name))
                    continue;
                dget(dentry);
                b.hlist_bl_unlock();
                // somebody is doing lookup for it right now; wait for it
                dentry.d_lock.spin_lock();
                d_wait_lookup(dentry);
                if (dentry.d_name.hash != hash || !ReferenceEquals(dentry.d_parent, parent) || d_unhashed(dentry)
                    || !d_same_name(dentry, parent, name))
                {
                    dentry.d_lock.spin_unlock();
                    dput(dentry);
                    SchedHooks.Retry(); // explore: another task must move first
                    goto retry;
                }
                dentry.d_lock.spin_unlock();
                dput(@new);
                return dentry;
            }
            // we can't take ->d_lock here; it's OK, though.
            @new.d_flags |= DcacheFlags.DCACHE_PAR_LOOKUP;
            @new.d_wait = wq;
            d_in_lookup_hash_add(@new, b);
            b.hlist_bl_unlock();
            return @new;
        }
    }
}
