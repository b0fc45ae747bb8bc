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

    /// <summary>Mount <paramref name="server"/> into <paramref name="dcache"/> running <paramref name="patch"/>.</summary>
    public NfsMount(NfsServer server, Dcache dcache, NfsPatch patch, string name)
    {
        Server = server;
        Patch = patch;
        DirOps = new NfsDirInodeOperations(this);
        DirFileOps = new NfsDirFileOperations(this);
        sb = new super_block(dcache)
        {
            s_d_op = new NfsDentryOperations(this),
            s_fs_info = this,
            s_id = name,
            s_rename_does_d_move = true,
        };
        var rootInode = nfs_fhget(new ServerEntry("/", server.RootId, inode.S_IFDIR | 0x1ED));
        Root = dcache.d_make_root(rootInode);
    }

    /// <summary>
    /// <c>nfs_fhget(sb, fh, fattr)</c>: the inode for a file id (<c>iget5_locked</c>): the cached one
    /// while it is alive, else a new one.
    /// </summary>
    internal inode nfs_fhget(ServerEntry e)
    {
        while (true)
        {
            WeakReference<inode>? cached = _icache.TryGetValue(e.FileId, out var wr) ? wr : null;
            if (cached is not null && cached.TryGetTarget(out inode? alive))
                return alive;
            var fresh = new_inode(e);
            var entry = new WeakReference<inode>(fresh);
            bool won = cached is null ? _icache.TryAdd(e.FileId, entry) : _icache.TryUpdate(e.FileId, entry, cached);
            if (!won)
                continue; // another thread installed one first: use it
            if (Interlocked.Increment(ref _icacheInserts) % IcachePruneEvery == 0)
                prune_icache();
            return fresh;
        }
    }

    private inode new_inode(ServerEntry e)
    {
        bool dir = (e.Mode & inode.S_IFMT) == inode.S_IFDIR;
        long change = dir ? Server.PeekChange(e.FileId) : 0;
        return new inode(sb, e.FileId, e.Mode, dir ? DirOps : null, dir ? DirFileOps : FileOps, new nfs_inode(e.FileId, change));
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
