// SPDX-License-Identifier: GPL-2.0-only
// struct nfs_inode (the fields the model uses), after include/linux/nfs_fs.h (Linux v4.7).
namespace DcacheStress.Fs.Nfs;

/// <summary>
/// <c>NFS_I(inode)</c>: the file id (the file handle), the attribute cache (<c>cache_validity</c>,
/// <c>read_cache_jiffies</c>, <c>attrtimeo</c>, <c>attrtimeo_timestamp</c>), the change attribute
/// last seen from the server (4.7 keeps it in <c>inode->i_version</c>), and for directories
/// <c>cache_change_attribute</c>, which moves whenever the client notices the directory changed:
/// dentries carry it as their verifier (<c>d_time</c>). Writers hold <c>inode->i_lock</c>; RCU-walk
/// readers load the fields without it, as 4.7 does.
/// </summary>
public sealed class nfs_inode
{
    /// <summary><c>NFS_INO_INVALID_ATTR</c>: cached attributes are invalid.</summary>
    public const long NFS_INO_INVALID_ATTR = 0x0001;

    /// <summary><c>NFS_INO_INVALID_DATA</c>: cached data (for a directory: its readdir pages) is invalid.</summary>
    public const long NFS_INO_INVALID_DATA = 0x0002;

    /// <summary><c>NFS_INO_INVALID_ACCESS</c>: the access cache is invalid.</summary>
    public const long NFS_INO_INVALID_ACCESS = 0x0008;

    /// <summary><c>NFS_INO_STALE</c> (a bit of <c>nfsi->flags</c>): the server no longer knows the file handle.</summary>
    public const int NFS_INO_STALE = 1;

    // Stands for 4.7's initial cache_change_attribute = jiffies: unique per directory inode.
    private static long s_verifier;

    /// <summary>The server's file id.</summary>
    public ulong fileid { get; }

    /// <summary><c>inode->i_version</c>: the change attribute last seen from the server.</summary>
    internal long i_version;

    /// <summary><c>cache_change_attribute</c>.</summary>
    internal long cache_change_attribute;

    /// <summary><c>cache_validity</c>: NFS_INO_INVALID_* bits.</summary>
    internal long cache_validity;

    /// <summary><c>read_cache_jiffies</c>: when the cached attributes were read (the RPC's start).</summary>
    internal long read_cache_jiffies;

    /// <summary><c>attrtimeo</c>: how long they are trusted (between the mount's acXmin and acXmax).</summary>
    internal long attrtimeo;

    /// <summary><c>attrtimeo_timestamp</c>: when <see cref="attrtimeo"/> last changed.</summary>
    internal long attrtimeo_timestamp;

    /// <summary><c>flags</c> (NFS_INO_STALE).</summary>
    internal int flags;

    /// <summary>
    /// The access cache: 4.7 keeps an rbtree of <c>nfs_access_entry</c> per credential and an LRU
    /// whose newest entry RCU-walk reads; the model has one credential, so one entry, published
    /// whole (null = none).
    /// </summary>
    internal nfs_access_entry? access_cache;

    /// <summary>The directory's readdir page cache (D8): the entries of the last READDIRPLUS, or null.</summary>
    internal Server.ServerEntry[]? readdir_pages;

    /// <summary>
    /// <c>struct nfs_access_entry</c>: the rights an ACCESS reply granted and when it was asked.
    /// Immutable once published (4.7: fields set, smp_wmb, then linked on the LRU).
    /// </summary>
    internal sealed class nfs_access_entry(long jiffies, int mask)
    {
        public readonly long jiffies = jiffies;
        public readonly int mask = mask;
    }

    internal nfs_inode(ulong fileid)
    {
        this.fileid = fileid;
        cache_change_attribute = Interlocked.Increment(ref s_verifier);
    }
}
