// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/nfs/dir.c (Linux v4.7): the access cache and ->permission (nfs_permission,
// nfs_do_access, nfs_access_get_cached, nfs_access_get_cached_rcu, nfs_access_add_cache,
// nfs_access_zap_cache, nfs_execute_ok).
using DcacheStress.Kernel;
using static DcacheStress.Fs.Nfs.nfs_inode;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Nfs;

public static partial class nfs
{
    /// <summary>
    /// <c>nfs_permission(inode, mask)</c>, the directories' <c>->permission</c>: a directory search
    /// (MAY_EXEC) is answered from the access cache; without blocking (RCU-walk's
    /// <c>MAY_NOT_BLOCK</c>) a miss is -ECHILD, otherwise an ACCESS RPC. Then <c>nfs_execute_ok</c>
    /// revalidates the directory's attributes (RCU: client state only).
    /// </summary>
    public static int nfs_permission(inode inode, int mask)
    {
        int res = 0;
        if ((mask & (MAY_READ | MAY_WRITE | MAY_EXEC)) == 0)
            goto out_;
        // MAY_ACCESS / MAY_CHDIR (sys_access, chdir) are never asked in the model.
        if (inode.S_ISLNK)
            goto out_;
        if (inode.S_ISDIR && (mask & MAY_WRITE) != 0 && (mask & MAY_READ) == 0)
            goto out_; // the server checks write permission when we perform the op
        // force_lookup: always try fast lookups first
        res = nfs_do_access(inode, mask | MAY_NOT_BLOCK);
        if (res == -Errno.ECHILD && (mask & MAY_NOT_BLOCK) == 0)
            res = nfs_do_access(inode, mask); // fast lookup failed, try the slow way
    out_:
        if (res == 0 && (mask & MAY_EXEC) != 0)
            res = nfs_execute_ok(inode, mask);
        return res;
    }

    /// <summary><c>nfs_execute_ok(inode, mask)</c>: the attributes must be current (execute_ok: always).</summary>
    private static int nfs_execute_ok(inode inode, int mask) =>
        (mask & MAY_NOT_BLOCK) != 0 ? nfs_revalidate_inode_rcu(inode) : nfs_revalidate_inode(inode);

    /// <summary>
    /// <c>nfs_do_access(inode, cred, mask)</c>: the cached rights (lock-free, then under i_lock), else
    /// -ECHILD when the caller cannot block, else an ACCESS RPC asking for every right at once.
    /// </summary>
    private static int nfs_do_access(inode inode, int mask)
    {
        int status = nfs_access_get_cached_rcu(inode, out nfs_access_entry? cache);
        if (status != 0)
            status = nfs_access_get_cached(inode, out cache);
        if (status == 0)
            goto out_cached;
        status = -Errno.ECHILD;
        if ((mask & MAY_NOT_BLOCK) != 0)
            return status;
        var server = NfsMount.NFS_SB(inode.i_sb);
        long jiffies = server.Clock.jiffies;
        status = server.Server.Access(NfsMount.NFS_I(inode).fileid, out int granted);
        if (status != 0)
        {
            if (status == -Errno.ESTALE)
            {
                nfs_zap_caches(inode);
                if (!inode.S_ISDIR)
                    Interlocked.Or(ref NfsMount.NFS_I(inode).flags, NFS_INO_STALE);
            }
            return status;
        }
        cache = new nfs_access_entry(jiffies, granted);
        nfs_access_add_cache(inode, cache);
    out_cached:
        if ((mask & ~cache!.mask & (MAY_READ | MAY_WRITE | MAY_EXEC)) != 0)
            status = -Errno.EACCES;
        return status;
    }

    /// <summary>
    /// <c>nfs_access_get_cached_rcu(inode, cred, res)</c>: the newest entry, without locks: -ECHILD when
    /// the cache is invalid, empty, or older than <c>attrtimeo</c>.
    /// </summary>
    private static int nfs_access_get_cached_rcu(inode inode, out nfs_access_entry? res)
    {
        var nfsi = NfsMount.NFS_I(inode);
        res = null;
        if ((Volatile.Read(ref nfsi.cache_validity) & NFS_INO_INVALID_ACCESS) != 0)
            return -Errno.ECHILD;
        nfs_access_entry? cache = Volatile.Read(ref nfsi.access_cache); // rcu_dereference; pairs with nfs_access_add_cache
        if (cache is null)
            return -Errno.ECHILD;
        if (!time_in_range_open(jiffies_of(inode), cache.jiffies, cache.jiffies + Volatile.Read(ref nfsi.attrtimeo)))
            return -Errno.ECHILD;
        res = cache;
        return 0;
    }

    /// <summary>
    /// <c>nfs_access_get_cached(inode, cred, res)</c> under i_lock: an invalid cache is zapped, a
    /// stale entry dropped; either is -ENOENT.
    /// </summary>
    private static int nfs_access_get_cached(inode inode, out nfs_access_entry? res)
    {
        var nfsi = NfsMount.NFS_I(inode);
        res = null;
        inode.i_lock.spin_lock();
        if ((nfsi.cache_validity & NFS_INO_INVALID_ACCESS) != 0)
        {
            inode.i_lock.spin_unlock();
            nfs_access_zap_cache(inode); // out_zap
            return -Errno.ENOENT;
        }
        nfs_access_entry? cache = nfsi.access_cache;
        int err = -Errno.ENOENT;
        if (cache is not null)
        {
            if (!time_in_range_open(jiffies_of(inode), cache.jiffies, cache.jiffies + nfsi.attrtimeo))
            {
                Volatile.Write(ref nfsi.access_cache, null); // out_stale
            }
            else
            {
                res = cache;
                err = 0;
            }
        }
        inode.i_lock.spin_unlock();
        return err;
    }

    /// <summary><c>nfs_access_add_cache(inode, set)</c>: publish the entry whole (smp_wmb + link = a release store).</summary>
    private static void nfs_access_add_cache(inode inode, nfs_access_entry set)
    {
        var nfsi = NfsMount.NFS_I(inode);
        inode.i_lock.spin_lock();
        Volatile.Write(ref nfsi.access_cache, set); // pairs with the rcu_dereference in nfs_access_get_cached_rcu
        inode.i_lock.spin_unlock();
    }

    /// <summary><c>nfs_access_zap_cache(inode)</c>: drop the entries and clear NFS_INO_INVALID_ACCESS.</summary>
    internal static void nfs_access_zap_cache(inode inode)
    {
        var nfsi = NfsMount.NFS_I(inode);
        inode.i_lock.spin_lock();
        Volatile.Write(ref nfsi.access_cache, null);
        Volatile.Write(ref nfsi.cache_validity, nfsi.cache_validity & ~NFS_INO_INVALID_ACCESS);
        inode.i_lock.spin_unlock();
    }
}
