// SPDX-License-Identifier: GPL-2.0-only
// struct nfs_inode (the fields the model uses), after include/linux/nfs_fs.h (Linux v4.7).
namespace DcacheStress.Fs.Nfs;

/// <summary>
/// <c>NFS_I(inode)</c>: the file id (the file handle), and for directories the change attribute
/// last seen from the server and <c>cache_change_attribute</c>, which moves whenever the client
/// notices the directory changed: negative dentries carry it as their verifier (<c>d_time</c>).
/// </summary>
public sealed class nfs_inode
{
    private static long s_verifier;

    /// <summary>The server's file id.</summary>
    public ulong fileid { get; }

    /// <summary>Change attribute last seen from the server.</summary>
    internal long change_attr;

    /// <summary><c>cache_change_attribute</c>.</summary>
    internal long cache_change_attribute;

    internal nfs_inode(ulong fileid, long change)
    {
        this.fileid = fileid;
        change_attr = change;
        cache_change_attribute = Interlocked.Increment(ref s_verifier);
    }

    /// <summary>The server changed the directory: a new verifier value (4.7 uses jiffies).</summary>
    internal void note_change(long serverChange)
    {
        Volatile.Write(ref change_attr, serverChange);
        Volatile.Write(ref cache_change_attribute, Interlocked.Increment(ref s_verifier));
    }
}
