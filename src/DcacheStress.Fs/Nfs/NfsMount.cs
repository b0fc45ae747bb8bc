// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Concurrent;
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Nfs;

/// <summary>
/// One NFS client mount of <see cref="Server"/>: its super block and root dentry in the shared
/// dcache, its inode cache (file id → inode, the model's iget5_locked; this is the icache, not the
/// dentry hash), and the patch whose NFS code it runs.
/// </summary>
public sealed class NfsMount : IFsMount
{
    // The icache: file id → inode, held weakly. An inode lives while something references it
    // (a dentry's d_inode, an open file): the GC stands in for i_count and the final iput. A strong
    // map would keep every inode ever seen (a leak over hours); dead entries are pruned as we go.
    private readonly ConcurrentDictionary<ulong, WeakReference<inode>> _icache = new();
    private int _icacheInserts;

    /// <summary>Prune dead icache entries every this many inserts.</summary>
    private const int IcachePruneEvery = 4096;

    /// <summary>The server this mount talks to.</summary>
    public NfsServer Server { get; }

    /// <summary>The patch under test (its nfs_atomic_open / revalidate).</summary>
    public NfsPatch Patch { get; }

    /// <summary>The super block.</summary>
    public super_block sb { get; }

    /// <summary>The root dentry.</summary>
    public dentry Root { get; }

    /// <summary>The dcache all mounts of one patch share.</summary>
    public Dcache Dcache => sb.s_dcache;

    internal NfsDirInodeOperations DirOps { get; }
    internal NfsDirFileOperations DirFileOps { get; }
    internal NfsFileOperations FileOps { get; } = new();

    /// <summary><c>nfss->acregmin</c>, <c>acregmax</c>, <c>acdirmin</c>, <c>acdirmax</c> in jiffies.</summary>
    internal readonly long acregmin, acregmax, acdirmin, acdirmax;

    /// <summary>The mount's jiffies.</summary>
    internal NfsClock Clock { get; }

    /// <summary>The options it was mounted with.</summary>
    public NfsMountOptions Options { get; }

    /// <summary>
    /// Mount <paramref name="server"/> into <paramref name="dcache"/> running <paramref name="patch"/>,
    /// with the attribute-cache <paramref name="options"/> (default: <see cref="NfsMountOptions.Default"/>).
    /// </summary>
    public NfsMount(NfsServer server, Dcache dcache, NfsPatch patch, string name, NfsMountOptions? options = null)
    {
        Server = server;
        Patch = patch;
        Options = options ?? NfsMountOptions.Default;
        Clock = Options.Clock;
        acregmin = Options.Jiffies(NfsMountOptions.DefAcRegMin);
        acregmax = Options.Jiffies(NfsMountOptions.DefAcRegMax);
        acdirmin = Options.Jiffies(NfsMountOptions.DefAcDirMin);
        acdirmax = Options.Jiffies(NfsMountOptions.DefAcDirMax);
        DirOps = new NfsDirInodeOperations(this);
        DirFileOps = new NfsDirFileOperations(this);
        sb = new super_block(dcache)
        {
            s_d_op = new NfsDentryOperations(this),
            s_fs_info = this,
            s_id = name,
            s_rename_does_d_move = true,
        };
        // nfs4_proc_get_root: GETATTR of the exported root.
        long time_start = Clock.jiffies;
        if (server.Getattr(server.RootId, out ServerEntry rootAttrs) != 0)
            throw new InvalidOperationException("the server has no root directory");
        var rootInode = nfs_fhget(rootAttrs with { Name = "/" }, time_start);
        Root = dcache.d_make_root(rootInode);
    }

    /// <summary>
    /// <c>nfs_fhget(sb, fh, fattr)</c>: the inode for a file id (<c>iget5_locked</c>): the cached one
    /// while it is alive, its attributes refreshed from the reply (<c>nfs_refresh_inode</c>), else a
    /// new one with the reply's attributes. <paramref name="time_start"/>: jiffies when the RPC
    /// that brought <paramref name="e"/> started (<c>fattr->time_start</c>).
    /// </summary>
    internal inode nfs_fhget(ServerEntry e, long time_start)
    {
        while (true)
        {
            WeakReference<inode>? cached = _icache.TryGetValue(e.FileId, out var wr) ? wr : null;
            if (cached is not null && cached.TryGetTarget(out inode? alive))
            {
                nfs.nfs_refresh_inode(alive, e, time_start);
                return alive;
            }
            var fresh = new_inode(e, time_start);
            var entry = new WeakReference<inode>(fresh);
            bool won = cached is null ? _icache.TryAdd(e.FileId, entry) : _icache.TryUpdate(e.FileId, entry, cached);
            if (!won)
                continue; // another thread installed one first: use it
            if (Interlocked.Increment(ref _icacheInserts) % IcachePruneEvery == 0)
                prune_icache();
            return fresh;
        }
    }

    /// <summary>The I_NEW half of nfs_fhget: a new inode whose attribute cache starts from the reply.</summary>
    private inode new_inode(ServerEntry e, long time_start)
    {
        bool dir = (e.Mode & inode.S_IFMT) == inode.S_IFDIR;
        var nfsi = new nfs_inode(e.FileId)
        {
            i_version = e.Change,
            read_cache_jiffies = time_start,
            attrtimeo = dir ? acdirmin : acregmin, // NFS_MINATTRTIMEO(inode)
            attrtimeo_timestamp = Clock.jiffies,
        };
        return new inode(sb, e.FileId, e.Mode, dir ? DirOps : null, dir ? DirFileOps : FileOps, nfsi) { i_nlink = e.Nlink };
    }

    /// <summary>Drop icache entries whose inode the GC has collected.</summary>
    private void prune_icache()
    {
        foreach (var kv in _icache)
        {
            if (!kv.Value.TryGetTarget(out _))
                _icache.TryRemove(kv);
        }
    }

    /// <summary>Entries in the icache (live or not yet pruned); tests.</summary>
    internal int icache_entries => _icache.Count;

    /// <summary><c>NFS_I(inode)</c>.</summary>
    internal static nfs_inode NFS_I(inode inode) => (nfs_inode)inode.i_private!;

    /// <summary>The mount a super block belongs to.</summary>
    internal static NfsMount NFS_SB(super_block sb) => (NfsMount)sb.s_fs_info!;
}
