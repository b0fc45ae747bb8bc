// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Concurrent;
using System.Diagnostics;
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Server;

/// <summary>The NFSv4 procedures the model's server answers (one counter each).</summary>
public enum NfsProc
{
    GETATTR,
    LOOKUP,
    OPEN,
    REMOVE,
    RENAME,
    MKDIR,
    READDIR,
    LINK,
    SYMLINK,
    RMDIR,

    /// <summary>Number of procedures.</summary>
    Count,
}

/// <summary>
/// The in-memory "server": one namespace shared by every client mount. Each call is one RPC; an
/// optional latency (a spin of N ns) makes RPCs take time as real ones do, which is where the
/// race windows of the NFS client live. The server serialises per directory with its own lock
/// (it is the server, not the dcache under test).
/// </summary>
public sealed partial class NfsServer
{
    // Directory table: read on every RPC and on every RCU-mode attribute probe, so readers take no
    // lock (one shared lock here serialised every path walk of every thread).
    private readonly ConcurrentDictionary<ulong, ServerDir> _dirs = new();
    private long _nextFileId = 1;

    /// <summary>File id of the exported root directory.</summary>
    public ulong RootId { get; }

    /// <summary>Simulated RPC latency in nanoseconds (0 = none).</summary>
    public int RpcLatencyNs { get; init; }

    /// <summary>RPCs served.</summary>
    public long Rpcs => Volatile.Read(ref _rpcs);

    private long _rpcs;

    // Per-procedure counts (tests and reports ask "how many OPENs did this cost").
    private readonly long[] _byProc = new long[(int)NfsProc.Count];

    /// <summary>RPCs of one procedure served.</summary>
    public long RpcsOf(NfsProc proc) => Volatile.Read(ref _byProc[(int)proc]);

    /// <summary>Create an empty export.</summary>
    public NfsServer()
    {
        RootId = NewId();
        _dirs[RootId] = new ServerDir(RootId);
    }

    private ulong NewId() => (ulong)Interlocked.Increment(ref _nextFileId);

    // A directory removed by RMDIR is gone from the table: its file handle is stale (NFS4ERR_STALE).
    private ServerDir? Dir(ulong dirId) => _dirs.TryGetValue(dirId, out var d) ? d : null;

    /// <summary>The change attribute a removed directory reports (no live directory has it).</summary>
    public const long StaleChange = -1;

    private void Rpc(NfsProc proc)
    {
        Interlocked.Increment(ref _rpcs);
        Interlocked.Increment(ref _byProc[(int)proc]);
        if (RpcLatencyNs <= 0)
            return;
        long until = Stopwatch.GetTimestamp() + RpcLatencyNs * Stopwatch.Frequency / 1_000_000_000;
        while (Stopwatch.GetTimestamp() < until)
            Thread.SpinWait(8);
    }

    /// <summary>GETATTR of a directory: its change attribute.</summary>
    public long GetChange(ulong dirId)
    {
        Rpc(NfsProc.GETATTR);
        var d = Dir(dirId);
        if (d is null)
            return StaleChange;
        lock (d.Lock)
            return d.Change;
    }

    /// <summary>Peek the change attribute without an RPC (an attribute-cache probe in RCU mode).</summary>
    public long PeekChange(ulong dirId)
    {
        var d = Dir(dirId);
        return d is null ? StaleChange : Volatile.Read(ref d.Change);
    }

    /// <summary>LOOKUP: 0 and the entry, or -ENOENT.</summary>
    public int Lookup(ulong dirId, string name, out ServerEntry entry)
    {
        Rpc(NfsProc.LOOKUP);
        var d = Dir(dirId);
        entry = default;
        if (d is null)
            return -Errno.ESTALE;
        lock (d.Lock)
            return d.TryGet(name, out entry) ? 0 : -Errno.ENOENT;
    }

    /// <summary>
    /// OPEN by name: with <paramref name="create"/> make the file if absent (EEXIST with
    /// <paramref name="exclusive"/> if present). Directories give -EISDIR, symlinks -ELOOP
    /// (NFS4ERR_SYMLINK as nfs4_map_errors has it).
    /// </summary>
    public int Open(ulong dirId, string name, bool create, bool exclusive, out ServerEntry entry, out bool created)
    {
        Rpc(NfsProc.OPEN);
        created = false;
        var d = Dir(dirId);
        entry = default;
        if (d is null)
            return -Errno.ESTALE;
        lock (d.Lock)
        {
            if (d.TryGet(name, out entry))
            {
                if (create && exclusive)
                    return -Errno.EEXIST;
                return (entry.Mode & inode.S_IFMT) switch
                {
                    inode.S_IFDIR => -Errno.EISDIR,
                    inode.S_IFLNK => -Errno.ELOOP,
                    _ => 0,
                };
            }
            if (!create)
                return -Errno.ENOENT;
            entry = new ServerEntry(name, NewId(), inode.S_IFREG | 0x1A4);
            d.Set(entry);
            created = true;
            return 0;
        }
    }

    /// <summary>REMOVE.</summary>
    public int Remove(ulong dirId, string name)
    {
        Rpc(NfsProc.REMOVE);
        var d = Dir(dirId);
        if (d is null)
            return -Errno.ESTALE;
        lock (d.Lock)
        {
            if (!d.TryGet(name, out var e))
                return -Errno.ENOENT;
            if ((e.Mode & inode.S_IFMT) == inode.S_IFDIR)
                return -Errno.EISDIR;
            d.Remove(name);
            return 0;
        }
    }

    /// <summary>RENAME within one directory (replaces a non-directory target).</summary>
    public int Rename(ulong dirId, string from, string to)
    {
        Rpc(NfsProc.RENAME);
        var d = Dir(dirId);
        if (d is null)
            return -Errno.ESTALE;
        lock (d.Lock)
        {
            if (!d.TryGet(from, out var e))
                return -Errno.ENOENT;
            if (d.TryGet(to, out var t) && (t.Mode & inode.S_IFMT) == inode.S_IFDIR)
                return -Errno.EISDIR;
            d.Remove(from);
            d.Set(e with { Name = to });
            return 0;
        }
    }

    /// <summary>MKDIR.</summary>
    public int Mkdir(ulong dirId, string name, out ServerEntry entry)
    {
        Rpc(NfsProc.MKDIR);
        var d = Dir(dirId);
        entry = default;
        if (d is null)
            return -Errno.ESTALE;
        lock (d.Lock)
        {
            if (d.TryGet(name, out entry))
                return -Errno.EEXIST;
            entry = new ServerEntry(name, NewId(), inode.S_IFDIR | 0x1ED);
            _dirs[entry.FileId] = new ServerDir(entry.FileId);
            d.Set(entry);
            return 0;
        }
    }

    /// <summary>READDIR(PLUS): a snapshot of the entries (none for a removed directory).</summary>
    public ServerEntry[] Readdir(ulong dirId)
    {
        Rpc(NfsProc.READDIR);
        var d = Dir(dirId);
        if (d is null)
            return [];
        lock (d.Lock)
            return d.Snapshot();
    }

    /// <summary>Create a file directly on the server (setup and tests; no client involved).</summary>
    public void CreateFile(ulong dirId, string name) => Open(dirId, name, create: true, exclusive: false, out _, out _);
}
