// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Concurrent;
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Lustre;

/// <summary>
/// One Lustre client mount (<c>struct ll_sb_info</c>): its super block and root in the shared
/// dcache, its inode cache (FID → inode, <c>ll_iget</c>), the DLM locks it holds, and the patch whose
/// llite code it runs. Each mount has its own superblock and dentries, as racer's two mounts do:
/// the other mount's changes reach it only through lock cancellation.
/// </summary>
public sealed class LustreMount : IFsMount, IDisposable, IStallState
{
    private readonly ConcurrentDictionary<ulong, WeakReference<inode>> _icache = new();
    private int _icacheInserts;
    private const int IcachePruneEvery = 4096;

    /// <summary>The MDS.</summary>
    public Mds Mds { get; }

    /// <summary>The patch under test.</summary>
    public LustrePatch Patch { get; }

    /// <inheritdoc/>
    public super_block sb { get; }

    /// <inheritdoc/>
    public dentry Root { get; }

    /// <summary>The dcache.</summary>
    public Dcache Dcache => sb.s_dcache;

    /// <summary>Granted locks by resource (<c>ns_resources</c> of this client's namespace).</summary>
    internal readonly ConcurrentDictionary<ulong, ldlm_lock> locks = new();

    internal LustreDirInodeOperations DirOps { get; }
    internal LustreDirFileOperations DirFileOps { get; }
    internal LustreFileOperations FileOps { get; }

    /// <summary>The blocking-callback pool and its <c>ldlm_bl</c> thread.</summary>
    public ldlm_bl_pool ldlm_bl_pool { get; }

    /// <summary>
    /// Mount <paramref name="mds"/> into <paramref name="dcache"/> running <paramref name="patch"/>;
    /// <paramref name="startThreads"/> false: the caller runs <see cref="ldlm_bl_pool"/>'s thread.
    /// </summary>
    public LustreMount(Mds mds, Dcache dcache, LustrePatch patch, string name, bool startThreads = true)
    {
        Mds = mds;
        Patch = patch;
        DirOps = new LustreDirInodeOperations(this);
        DirFileOps = new LustreDirFileOperations(this);
        FileOps = new LustreFileOperations(this);
        sb = new super_block(dcache)
        {
            s_d_op = new LustreDentryOperations(this), // sb->s_d_op = &ll_d_ops (ll_fill_super)
            s_fs_info = this,
            s_id = name,
            s_rename_does_d_move = false, // ll_rename leaves d_move to vfs_rename
        };
        var root = ll_iget(new ServerEntry("/", mds.RootId, inode.S_IFDIR | 0x1ED));
        Root = dcache.d_make_root(root);
        ldlm_bl_pool = new ldlm_bl_pool(this, startThreads);
    }

    /// <summary>Unmount (<c>ll_put_super</c> → <c>ldlm_cleanup</c>): stop the <c>ldlm_bl</c> thread once its queue is empty.</summary>
    public void Dispose() => ldlm_bl_pool.ldlm_bl_thread_stop();

    /// <summary><c>ll_iget(sb, ino, md)</c>: the cached inode for a FID, else a new one.</summary>
    internal inode ll_iget(ServerEntry e)
    {
        while (true)
        {
            WeakReference<inode>? cached = _icache.TryGetValue(e.FileId, out var wr) ? wr : null;
            if (cached is not null && cached.TryGetTarget(out inode? alive))
                return alive;
            bool dir = (e.Mode & inode.S_IFMT) == inode.S_IFDIR;
            var fresh = new inode(sb, e.FileId, e.Mode, dir ? DirOps : null, dir ? DirFileOps : FileOps, new ll_inode_info(e.FileId));
            var entry = new WeakReference<inode>(fresh);
            bool won = cached is null ? _icache.TryAdd(e.FileId, entry) : _icache.TryUpdate(e.FileId, entry, cached);
            if (!won)
                continue;
            if (Interlocked.Increment(ref _icacheInserts) % IcachePruneEvery == 0)
            {
                foreach (var kv in _icache)
                {
                    if (!kv.Value.TryGetTarget(out _))
                        _icache.TryRemove(kv);
                }
            }
            return fresh;
        }
    }

    /// <summary><c>ll_inode_from_resource_lock(lock)</c>: this mount's inode for a FID, if it has one.</summary>
    internal inode? ilookup(ulong fid) =>
        _icache.TryGetValue(fid, out var wr) && wr.TryGetTarget(out inode? i) ? i : null;

    /// <summary>
    /// <c>ldlm_callback_handler</c> for an LDLM_BL_CALLBACK from the MDS (and the last decref of a
    /// CBPENDING lock, <c>ldlm_lock_decref_internal</c>): hand the lock to this mount's
    /// <c>ldlm_bl</c> thread and return; without a running thread, run the callback here.
    /// </summary>
    internal void ldlm_callback_handler(ldlm_lock @lock)
    {
        if (!ldlm_bl_pool.ldlm_bl_to_thread_lock(@lock))
            ldlm.ldlm_handle_bl_callback(this, @lock);
    }

    /// <inheritdoc/>
    public void AddStallState(List<string> lines, long originTicks)
    {
        ldlm_bl_pool.AddStallState(lines, originTicks);
        foreach (ldlm_lock l in locks.Values)
        {
            string d = l.ldlm_lock_dump();
            if (!d.Contains("l_readers 0, cbpending False, canceling False", StringComparison.Ordinal))
                lines.Add($"{sb.s_id} holds {d}");
        }
    }

    /// <summary><c>ll_i2info(inode)</c>.</summary>
    internal static ll_inode_info ll_i2info(inode inode) => (ll_inode_info)inode.i_private!;

    /// <summary><c>ll_s2sbi(sb)</c>: the mount a super block belongs to.</summary>
    internal static LustreMount ll_s2sbi(super_block sb) => (LustreMount)sb.s_fs_info!;
}

/// <summary><c>struct ll_inode_info</c>: the FID (<c>lli_fid</c>).</summary>
internal sealed class ll_inode_info(ulong fid)
{
    /// <summary><c>lli_fid</c>.</summary>
    public ulong lli_fid { get; } = fid;
}

/// <summary>
/// <c>struct ll_dentry_data</c> in <c>d_fsdata</c> (llite_internal.h): <c>lld_invalid</c>, the
/// one field the race needs (no statahead generation, no cached intent).
/// </summary>
internal sealed class ll_dentry_data
{
    /// <summary><c>lld_invalid:1</c>; written under the dentry's d_lock, read locklessly by ll_dcompare.</summary>
    public int lld_invalid;
}
