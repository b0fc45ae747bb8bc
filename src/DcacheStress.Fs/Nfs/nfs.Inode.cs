// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/nfs/inode.c, fs/nfs/nfs4proc.c and include/linux/nfs_fs.h (Linux v4.7): the
// attribute cache (nfs_attribute_timeout, nfs_attribute_cache_expired, nfs_need_revalidate_inode,
// nfs_revalidate_inode, __nfs_revalidate_inode, nfs_revalidate_inode_rcu, nfs_refresh_inode,
// nfs_update_inode, nfs_zap_caches, nfs_mark_for_revalidate, nfs_force_lookup_revalidate,
// update_changeattr).
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;
using static DcacheStress.Fs.Nfs.nfs_inode;

namespace DcacheStress.Fs.Nfs;

public static partial class nfs
{
    /// <summary><c>time_in_range_open(a, b, c)</c>: b &lt;= a &lt; c, wrap-safe.</summary>
    private static bool time_in_range_open(long a, long b, long c) => a - b >= 0 && a - c < 0;

    /// <summary><c>NFS_MINATTRTIMEO(inode)</c>: acdirmin for a directory, else acregmin.</summary>
    private static long NFS_MINATTRTIMEO(inode inode)
    {
        var server = NfsMount.NFS_SB(inode.i_sb);
        return inode.S_ISDIR ? server.acdirmin : server.acregmin;
    }

    /// <summary><c>NFS_MAXATTRTIMEO(inode)</c>.</summary>
    private static long NFS_MAXATTRTIMEO(inode inode)
    {
        var server = NfsMount.NFS_SB(inode.i_sb);
        return inode.S_ISDIR ? server.acdirmax : server.acregmax;
    }

    /// <summary><c>NFS_STALE(inode)</c>.</summary>
    internal static bool NFS_STALE(inode inode) => (Volatile.Read(ref NfsMount.NFS_I(inode).flags) & NFS_INO_STALE) != 0;

    /// <summary><c>jiffies</c> of the mount <paramref name="inode"/> belongs to.</summary>
    private static long jiffies_of(inode inode) => NfsMount.NFS_SB(inode.i_sb).Clock.jiffies;

    /// <summary>
    /// <c>nfs_attribute_timeout(inode)</c>: true once <c>jiffies</c> has left
    /// [read_cache_jiffies, read_cache_jiffies + attrtimeo). Lock-free loads, as 4.7's plain reads.
    /// </summary>
    internal static bool nfs_attribute_timeout(inode inode)
    {
        var nfsi = NfsMount.NFS_I(inode);
        long read = Volatile.Read(ref nfsi.read_cache_jiffies);
        return !time_in_range_open(jiffies_of(inode), read, read + Volatile.Read(ref nfsi.attrtimeo));
    }

    /// <summary><c>nfs_attribute_cache_expired(inode)</c>: no delegations in the model.</summary>
    internal static bool nfs_attribute_cache_expired(inode inode) => nfs_attribute_timeout(inode);

    /// <summary><c>nfs_need_revalidate_inode(inode)</c>: invalid or expired attributes.</summary>
    internal static bool nfs_need_revalidate_inode(inode inode)
    {
        if ((Volatile.Read(ref NfsMount.NFS_I(inode).cache_validity) & NFS_INO_INVALID_ATTR) != 0)
            return true;
        return nfs_attribute_cache_expired(inode);
    }

    /// <summary>
    /// <c>nfs_revalidate_inode(server, inode)</c>: a GETATTR only when the cached attributes are
    /// invalid or expired.
    /// </summary>
    internal static int nfs_revalidate_inode(inode inode)
    {
        if (!nfs_need_revalidate_inode(inode))
            return NFS_STALE(inode) ? -Errno.ESTALE : 0;
        return __nfs_revalidate_inode(inode);
    }

    /// <summary>
    /// <c>nfs_revalidate_inode_rcu(server, inode)</c>: RCU-walk cannot send a GETATTR, so it trusts
    /// only the client's own state: -ECHILD when the attributes are invalid or expired.
    /// </summary>
    internal static int nfs_revalidate_inode_rcu(inode inode)
    {
        if ((Volatile.Read(ref NfsMount.NFS_I(inode).cache_validity) & NFS_INO_INVALID_ATTR) == 0
            && !nfs_attribute_cache_expired(inode))
            return NFS_STALE(inode) ? -Errno.ESTALE : 0;
        return -Errno.ECHILD;
    }

    /// <summary>
    /// <c>__nfs_revalidate_inode(server, inode)</c>: GETATTR on the wire, then
    /// <c>nfs_refresh_inode</c>. A stale handle zaps the caches and, for a non-directory, marks the
    /// inode NFS_INO_STALE.
    /// </summary>
    internal static int __nfs_revalidate_inode(inode inode)
    {
        var nfsi = NfsMount.NFS_I(inode);
        if (NFS_STALE(inode))
            return -Errno.ESTALE;
        var server = NfsMount.NFS_SB(inode.i_sb);
        long time_start = server.Clock.jiffies;
        task_struct.current.trace.add(TraceEvent.getattr_rpc, 0, (int)nfsi.fileid);
        int status = server.Server.Getattr(nfsi.fileid, out ServerEntry fattr);
        if (status != 0)
        {
            if (status == -Errno.ESTALE)
            {
                nfs_zap_caches(inode);
                if (!inode.S_ISDIR)
                    Interlocked.Or(ref nfsi.flags, NFS_INO_STALE); // set_bit(NFS_INO_STALE)
            }
            return status;
        }
        return nfs_refresh_inode(inode, fattr, time_start);
    }

    /// <summary>
    /// <c>nfs_refresh_inode(inode, fattr)</c> under <c>i_lock</c>. 4.7 first asks
    /// <c>nfs_inode_attrs_need_update</c> (attr_gencount ordering, so that an older reply never
    /// overwrites newer attributes); the model applies every reply (docs/porting.md).
    /// </summary>
    internal static int nfs_refresh_inode(inode inode, in ServerEntry fattr, long time_start)
    {
        inode.i_lock.spin_lock();
        int status = nfs_update_inode(inode, fattr, time_start);
        inode.i_lock.spin_unlock();
        return status;
    }

    /// <summary>
    /// <c>nfs_update_inode(inode, fattr)</c>, i_lock held: take the reply's attributes. A changed
    /// change attribute invalidates attributes, data and access (for a directory also every
    /// dentry verifier: <c>nfs_force_lookup_revalidate</c>) and resets <c>attrtimeo</c> to the
    /// minimum; an unchanged one doubles <c>attrtimeo</c> (up to the maximum) once the last value
    /// has run out.
    /// </summary>
    private static int nfs_update_inode(inode inode, in ServerEntry fattr, long time_start)
    {
        var nfsi = NfsMount.NFS_I(inode);
        long invalid = 0;
        long now = jiffies_of(inode);
        if (fattr.FileId != nfsi.fileid || (fattr.Mode & Kernel.inode.S_IFMT) != (inode.i_mode & Kernel.inode.S_IFMT))
            return -Errno.ESTALE; // "fileid changed" / "inode mode changed": out_err
        // Update the read time so we don't revalidate too often.
        Volatile.Write(ref nfsi.read_cache_jiffies, time_start);
        Volatile.Write(ref nfsi.cache_validity, nfsi.cache_validity & ~NFS_INO_INVALID_ATTR);
        if (nfsi.i_version != fattr.Change)
        {
            invalid |= NFS_INO_INVALID_ATTR | NFS_INO_INVALID_DATA | NFS_INO_INVALID_ACCESS;
            if (inode.S_ISDIR)
                nfs_force_lookup_revalidate(inode);
            Volatile.Write(ref nfsi.i_version, fattr.Change);
        }
        Volatile.Write(ref inode.i_nlink, fattr.Nlink); // set_nlink
        if ((invalid & NFS_INO_INVALID_ATTR) != 0)
        {
            Volatile.Write(ref nfsi.attrtimeo, NFS_MINATTRTIMEO(inode));
            nfsi.attrtimeo_timestamp = now;
        }
        else
        {
            // cache_revalidated: the model's replies carry every attribute it has
            if (!time_in_range_open(now, nfsi.attrtimeo_timestamp, nfsi.attrtimeo_timestamp + nfsi.attrtimeo))
            {
                long t = nfsi.attrtimeo << 1;
                if (t > NFS_MAXATTRTIMEO(inode))
                    t = NFS_MAXATTRTIMEO(inode);
                if (t == 0)
                    t = NFS_MINATTRTIMEO(inode);
                Volatile.Write(ref nfsi.attrtimeo, t);
            }
            nfsi.attrtimeo_timestamp = now;
        }
        // Don't declare attrcache up to date if there were no attrs! (they always are here)
        invalid &= ~NFS_INO_INVALID_ATTR;
        nfs_set_cache_invalid(inode, invalid);
        return 0;
    }

    /// <summary><c>nfs_set_cache_invalid(inode, flags)</c>, i_lock held (DATA only for files and directories).</summary>
    private static void nfs_set_cache_invalid(inode inode, long flags)
    {
        var nfsi = NfsMount.NFS_I(inode);
        if (!(inode.S_ISREG || inode.S_ISDIR))
            flags &= ~NFS_INO_INVALID_DATA;
        Volatile.Write(ref nfsi.cache_validity, nfsi.cache_validity | flags);
    }

    /// <summary>
    /// <c>nfs_mapping_need_revalidate_inode(inode)</c>. 4.7 tests NFS_INO_REVAL_PAGECACHE, which
    /// the model does not keep apart: it is set together with NFS_INO_INVALID_ATTR by
    /// nfs_mark_for_revalidate and nfs_zap_caches, so INVALID_ATTR stands for it.
    /// </summary>
    private static bool nfs_mapping_need_revalidate_inode(inode inode) =>
        (Volatile.Read(ref NfsMount.NFS_I(inode).cache_validity) & NFS_INO_INVALID_ATTR) != 0
        || nfs_attribute_timeout(inode) || NFS_STALE(inode);

    /// <summary>
    /// <c>nfs_revalidate_mapping(inode, mapping)</c>: refresh stale attributes, then drop the cached
    /// pages (for a directory: its readdir pages) if the data is invalid (<c>nfs_invalidate_mapping</c>).
    /// </summary>
    internal static int nfs_revalidate_mapping(inode inode)
    {
        var nfsi = NfsMount.NFS_I(inode);
        if (nfs_mapping_need_revalidate_inode(inode))
        {
            int ret = __nfs_revalidate_inode(inode);
            if (ret < 0)
                return ret;
        }
        inode.i_lock.spin_lock();
        if ((nfsi.cache_validity & NFS_INO_INVALID_DATA) != 0)
        {
            // nfs_invalidate_mapping: clear the flag, drop the pages
            Volatile.Write(ref nfsi.cache_validity, nfsi.cache_validity & ~NFS_INO_INVALID_DATA);
            Volatile.Write(ref nfsi.readdir_pages, null);
        }
        inode.i_lock.spin_unlock();
        return 0;
    }

    /// <summary><c>nfs_zap_caches(inode)</c>: everything invalid, attrtimeo back to the minimum.</summary>
    internal static void nfs_zap_caches(inode inode)
    {
        var nfsi = NfsMount.NFS_I(inode);
        inode.i_lock.spin_lock();
        Volatile.Write(ref nfsi.attrtimeo, NFS_MINATTRTIMEO(inode));
        nfsi.attrtimeo_timestamp = jiffies_of(inode);
        nfs_set_cache_invalid(inode, NFS_INO_INVALID_ATTR | NFS_INO_INVALID_DATA | NFS_INO_INVALID_ACCESS);
        inode.i_lock.spin_unlock();
    }

    /// <summary><c>nfs_mark_for_revalidate(inode)</c>: the next check sends a GETATTR.</summary>
    internal static void nfs_mark_for_revalidate(inode inode)
    {
        var nfsi = NfsMount.NFS_I(inode);
        inode.i_lock.spin_lock();
        long flags = NFS_INO_INVALID_ATTR | NFS_INO_INVALID_ACCESS;
        if (inode.S_ISDIR)
            flags |= NFS_INO_INVALID_DATA;
        Volatile.Write(ref nfsi.cache_validity, nfsi.cache_validity | flags);
        inode.i_lock.spin_unlock();
    }

    /// <summary>
    /// <c>nfs_force_lookup_revalidate(dir)</c>, i_lock held: a new <c>cache_change_attribute</c>, so
    /// no dentry verifier of this directory matches any more.
    /// </summary>
    internal static void nfs_force_lookup_revalidate(inode dir)
    {
        var nfsi = NfsMount.NFS_I(dir);
        Volatile.Write(ref nfsi.cache_change_attribute, nfsi.cache_change_attribute + 1);
    }

    /// <summary>
    /// <c>update_changeattr(dir, cinfo)</c> (nfs4proc.c): after the client's own OPEN(O_CREAT),
    /// REMOVE, RENAME, CREATE or MKDIR. The directory's attributes and data are invalid; its
    /// verifier moves only when the change was not atomic or someone else changed the directory
    /// before (<c>cinfo.before != i_version</c>).
    /// </summary>
    internal static void update_changeattr(inode dir, in change_info4 cinfo)
    {
        var nfsi = NfsMount.NFS_I(dir);
        dir.i_lock.spin_lock();
        nfs_set_cache_invalid(dir, NFS_INO_INVALID_ATTR | NFS_INO_INVALID_DATA);
        if (!cinfo.atomic || cinfo.before != nfsi.i_version)
            nfs_force_lookup_revalidate(dir);
        Volatile.Write(ref nfsi.i_version, cinfo.after);
        dir.i_lock.spin_unlock();
    }
}
