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
    ACCESS,

    /// <summary>Number of procedures.</summary>
    Count,
}

/// <summary>
/// The in-memory "server": one namespace shared by every client mount. Each call is one RPC; an
/// optional latency (a spin of N ns) makes RPCs take time as real ones do, which is where the
/// race windows of the NFS client live. The server serialises per directory with its own lock
/// (it is the server, not the dcache under test).
/// </summary>
public sealed partial class NfsServer : IFsServer
{
    // Directory table: read on every RPC and on every RCU-mode attribute probe, so readers take no
    // lock (one shared lock here serialised every path walk of every thread).
    private readonly ConcurrentDictionary<ulong, ServerDir> _dirs = new();

    // Non-directory files by file id (what GETATTR by file handle finds): link count and change
    // attribute. A file leaves the table when its last name goes (GETATTR then says -ESTALE).
    private readonly ConcurrentDictionary<ulong, ServerFile> _files = new();
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

    /// <summary>
    /// GETATTR by file handle: the file's attributes (<see cref="ServerEntry.Change"/>,
    /// <see cref="ServerEntry.Nlink"/>; the name is empty), or -ESTALE once no name links it.
    /// </summary>
    public int Getattr(ulong fileId, out ServerEntry attrs)
    {
        Rpc(NfsProc.GETATTR);
        if (_dirs.TryGetValue(fileId, out var d))
        {
            lock (d.Lock)
                attrs = new ServerEntry(string.Empty, fileId, inode.S_IFDIR | 0x1ED) { Change = d.Change, Nlink = 2 };
            return 0;
        }
        if (_files.TryGetValue(fileId, out var f))
        {
            lock (f)
            {
                attrs = new ServerEntry(string.Empty, fileId, f.Mode) { Change = f.Change, Nlink = f.Nlink };
                return f.Nlink > 0 ? 0 : -Errno.ESTALE;
            }
        }
        attrs = default;
        return -Errno.ESTALE;
    }

    /// <summary>ACCESS: every right (the model has one user and no modes), or -ESTALE for a gone file.</summary>
    public int Access(ulong fileId, out int granted)
    {
        Rpc(NfsProc.ACCESS);
        granted = 0;
        if (!_dirs.ContainsKey(fileId) && !_files.ContainsKey(fileId))
            return -Errno.ESTALE;
        granted = OpenFlags.MAY_EXEC | OpenFlags.MAY_WRITE | OpenFlags.MAY_READ;
        return 0;
    }

    /// <summary>The attributes a reply carries for <paramref name="e"/> (LOOKUP, OPEN and READDIRPLUS return them).</summary>
    private ServerEntry WithAttrs(ServerEntry e)
    {
        if (_dirs.TryGetValue(e.FileId, out var d))
            return e with { Change = Volatile.Read(ref d.Change), Nlink = 2 };
        if (_files.TryGetValue(e.FileId, out var f))
        {
            lock (f)
                return e with { Change = f.Change, Nlink = f.Nlink };
        }
        return e;
    }

    /// <summary>One link fewer to a file (REMOVE, or RENAME over it): its change attribute moves.</summary>
    private void DropLink(ServerEntry e)
    {
        if (!_files.TryGetValue(e.FileId, out var f))
            return;
        lock (f)
        {
            f.Nlink--;
            f.Change++;
        }
        if (f.Nlink <= 0)
            _files.TryRemove(e.FileId, out _);
    }

    /// <summary>Peek the change attribute without an RPC (server-side setup and tests; never the client).</summary>
    public long PeekChange(ulong dirId)
    {
        var d = Dir(dirId);
        return d is null ? StaleChange : Volatile.Read(ref d.Change);
    }

    /// <summary>LOOKUP: 0 and the entry (with its attributes), or -ENOENT.</summary>
    public int Lookup(ulong dirId, string name, out ServerEntry entry)
    {
        Rpc(NfsProc.LOOKUP);
        var d = Dir(dirId);
        entry = default;
        if (d is null)
            return -Errno.ESTALE;
        lock (d.Lock)
        {
            if (!d.TryGet(name, out entry))
                return -Errno.ENOENT;
            entry = WithAttrs(entry);
            return 0;
        }
    }

    /// <inheritdoc cref="Open(ulong, string, bool, bool, out ServerEntry, out bool, out change_info4)"/>
    public int Open(ulong dirId, string name, bool create, bool exclusive, out ServerEntry entry, out bool created) =>
        Open(dirId, name, create, exclusive, out entry, out created, out _);

    /// <summary>
    /// OPEN by name: with <paramref name="create"/> make the file if absent (EEXIST with
    /// <paramref name="exclusive"/> if present). Directories give -EISDIR, symlinks -ELOOP
    /// (NFS4ERR_SYMLINK as nfs4_map_errors has it).
    /// <paramref name="exclusive"/> if present). Directories give -EISDIR. <paramref name="cinfo"/>:
    /// the directory's change attribute before and after, taken atomically.
    /// </summary>
    public int Open(ulong dirId, string name, bool create, bool exclusive, out ServerEntry entry, out bool created,
        out change_info4 cinfo)
    {
        Rpc(NfsProc.OPEN);
        created = false;
        var d = Dir(dirId);
        entry = default;
        cinfo = default;
        if (d is null)
            return -Errno.ESTALE;
        lock (d.Lock)
        {
            long before = d.Change;
            cinfo = new change_info4(true, before, before);
            if (d.TryGet(name, out entry))
            {
                if (create && exclusive)
                    return -Errno.EEXIST;
                entry = WithAttrs(entry);
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
            _files[entry.FileId] = new ServerFile(entry.Mode);
            d.Set(entry);
            entry = WithAttrs(entry);
            cinfo = new change_info4(true, before, d.Change);
            created = true;
            return 0;
        }
    }

    /// <inheritdoc cref="Remove(ulong, string, out change_info4)"/>
    public int Remove(ulong dirId, string name) => Remove(dirId, name, out _);

    /// <summary>REMOVE, with the directory's change info.</summary>
    public int Remove(ulong dirId, string name, out change_info4 cinfo)
    {
        Rpc(NfsProc.REMOVE);
        var d = Dir(dirId);
        cinfo = default;
        if (d is null)
            return -Errno.ESTALE;
        lock (d.Lock)
        {
            long before = d.Change;
            cinfo = new change_info4(true, before, before);
            if (!d.TryGet(name, out var e))
                return -Errno.ENOENT;
            if ((e.Mode & inode.S_IFMT) == inode.S_IFDIR)
                return -Errno.EISDIR;
            d.Remove(name);
            DropLink(e);
            cinfo = new change_info4(true, before, d.Change);
            return 0;
        }
    }

    /// <inheritdoc cref="Rename(ulong, string, string, out change_info4)"/>
    public int Rename(ulong dirId, string from, string to) => Rename(dirId, from, to, out _);

    /// <summary>RENAME within one directory (replaces a non-directory target), with the directory's change info.</summary>
    public int Rename(ulong dirId, string from, string to, out change_info4 cinfo)
    {
        Rpc(NfsProc.RENAME);
        var d = Dir(dirId);
        cinfo = default;
        if (d is null)
            return -Errno.ESTALE;
        lock (d.Lock)
        {
            long before = d.Change;
            cinfo = new change_info4(true, before, before);
            if (!d.TryGet(from, out var e))
                return -Errno.ENOENT;
            if (d.TryGet(to, out var t) && (t.Mode & inode.S_IFMT) == inode.S_IFDIR)
                return -Errno.EISDIR;
            if (from == to)
                return 0;
            d.Remove(from);
            if (d.TryGet(to, out t))
                DropLink(t);
            d.Set(e with { Name = to });
            cinfo = new change_info4(true, before, d.Change);
            return 0;
        }
    }

    /// <inheritdoc cref="Mkdir(ulong, string, out ServerEntry, out change_info4)"/>
    public int Mkdir(ulong dirId, string name, out ServerEntry entry) => Mkdir(dirId, name, out entry, out _);

    /// <summary>MKDIR, with the parent's change info.</summary>
    public int Mkdir(ulong dirId, string name, out ServerEntry entry, out change_info4 cinfo)
    {
        Rpc(NfsProc.MKDIR);
        return AddNode(dirId, name, inode.S_IFDIR | 0x1ED, out entry, out cinfo);
    }

    /// <summary>
    /// The body of MKDIR and SYMLINK: a new object of <paramref name="mode"/> named
    /// <paramref name="name"/> in <paramref name="dirId"/> (-EEXIST when the name is taken), the
    /// directory's change attribute before and after in <paramref name="cinfo"/>.
    /// </summary>
    private int AddNode(ulong dirId, string name, uint mode, out ServerEntry entry, out change_info4 cinfo)
    {
        entry = default;
        cinfo = default;
        var d = Dir(dirId);
        if (d is null)
            return -Errno.ESTALE;
        lock (d.Lock)
        {
            long before = d.Change;
            cinfo = new change_info4(true, before, before);
            if (d.TryGet(name, out entry))
                return -Errno.EEXIST;
            entry = new ServerEntry(name, NewId(), mode);
            if ((mode & inode.S_IFMT) == inode.S_IFDIR)
                _dirs[entry.FileId] = new ServerDir(entry.FileId);
            else
                _files[entry.FileId] = new ServerFile(entry.Mode);
            d.Set(entry);
            entry = WithAttrs(entry);
            cinfo = new change_info4(true, before, d.Change);
            return 0;
        }
    }

    /// <summary>READDIR(PLUS): a snapshot of the entries (none for a removed directory).</summary>
    /// <summary>READDIR(PLUS): a snapshot of the entries, each with its attributes.</summary>
    public ServerEntry[] Readdir(ulong dirId)
    {
        Rpc(NfsProc.READDIR);
        var d = Dir(dirId);
        if (d is null)
            return [];
        lock (d.Lock)
        {
            var list = d.Snapshot();
            for (int i = 0; i < list.Length; i++)
                list[i] = WithAttrs(list[i]);
            return list;
        }
    }

    /// <summary>Create a file directly on the server (setup and tests; no client involved).</summary>
    public void CreateFile(ulong dirId, string name) => Open(dirId, name, create: true, exclusive: false, out _, out _);
}
