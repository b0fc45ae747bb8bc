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
public sealed class NfsMount
{
    private readonly ConcurrentDictionary<ulong, inode> _icache = new();

    /// <summary>The server this mount talks to.</summary>
    public NfsServer Server { get; }

    /// <summary>The patch under test (its nfs_atomic_open / revalidate).</summary>
    public Patch Patch { get; }

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
    public NfsMount(NfsServer server, Dcache dcache, Patch patch, string name)
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

    /// <summary><c>nfs_fhget(sb, fh, fattr)</c>: the inode for a file id, made once per mount.</summary>
    internal inode nfs_fhget(ServerEntry e) =>
        _icache.GetOrAdd(e.FileId, static (id, state) =>
        {
            var (mount, mode) = state;
            bool dir = (mode & inode.S_IFMT) == inode.S_IFDIR;
            long change = dir ? mount.Server.PeekChange(id) : 0;
            return new inode(mount.sb, id, mode, dir ? mount.DirOps : null, dir ? mount.DirFileOps : mount.FileOps,
                new nfs_inode(id, change));
        }, (this, e.Mode));

    /// <summary><c>NFS_I(inode)</c>.</summary>
    internal static nfs_inode NFS_I(inode inode) => (nfs_inode)inode.i_private!;

    /// <summary>The mount a super block belongs to.</summary>
    internal static NfsMount NFS_SB(super_block sb) => (NfsMount)sb.s_fs_info!;
}
