// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Concurrent;
using System.Diagnostics;
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;
using DcacheStress.Kernel.Locking;

namespace DcacheStress.Fs.Lustre;

/// <summary>The MDS requests the model answers (one counter each).</summary>
public enum MdsOp
{
    /// <summary><c>LDLM_ENQUEUE</c> with an intent (lookup, getattr, open, open+create).</summary>
    INTENT,
    /// <summary>Open by FID of a cached positive dentry (<c>ll_intent_file_open</c>).</summary>
    OPEN_BY_FID,
    READDIR,
    /// <summary><c>MDS_REINT</c>: create (mknod/mkdir), unlink, rename.</summary>
    REINT,

    /// <summary>Number of requests.</summary>
    Count,
}

/// <summary>
/// The metadata server: one namespace shared by every mount (racer's two mounts of one filesystem),
/// and the DLM's view of which mount holds which inodebits lock. Before a change the MDS cancels
/// every conflicting lock (UPDATE on the directory; LOOKUP on the inode whose name goes away) and
/// waits until each holder has run its blocking AST: what makes the other mount's negative
/// dentries invalid, and the only way a mount learns about the other's change. Intent requests
/// answer NEG / exists / created (<c>DISP_LOOKUP_NEG</c>, <c>DISP_OPEN_OPEN</c>,
/// <c>DISP_OPEN_CREATE</c>) and grant a lock with the reply. Each request may take
/// <see cref="RpcLatencyNs"/> (a spin), as NFS RPCs do. The MDS serialises per directory with
/// its own lock (it is the server, not the dcache under test): a sleeping lock
/// (<see cref="rw_semaphore"/>, the MDT's object lock), because a change waits under it for the
/// holders' cancels, and under explore every such wait must be a scheduling point.
/// </summary>
public sealed class Mds : IFsServer, IStallState
{
    // A directory and the MDS's lock on it (the MDT object lock a reint or an intent takes).
    private sealed record MdsDir(ServerDir Entries, rw_semaphore Lock);

    private readonly ConcurrentDictionary<ulong, MdsDir> _dirs = new();
    // FID → names referring to it: an object lives while it has a name (no open-unlinked objects).
    private readonly ConcurrentDictionary<ulong, int> _nlink = new();
    private readonly Dictionary<ulong, List<ldlm_lock>> _granted = [];
    private readonly object _dlm = new();
    private readonly long[] _byOp = new long[(int)MdsOp.Count];
    private long _nextFid = 1;
    private long _rpcs;
    private long _cancels;
    // Diagnosis only: the locks whose cancel a request waits for now, and the waiting task's comm.
    private readonly ConcurrentDictionary<ldlm_lock, string> _waits = new();

    /// <summary>FID of the root directory.</summary>
    public ulong RootId { get; }

    /// <summary>Simulated request latency in nanoseconds (0 = none).</summary>
    public int RpcLatencyNs { get; init; }

    /// <summary>Requests served.</summary>
    public long Rpcs => Volatile.Read(ref _rpcs);

    /// <summary>Locks cancelled (blocking ASTs run).</summary>
    public long Cancels => Volatile.Read(ref _cancels);

    /// <summary>Requests of one kind served.</summary>
    public long RpcsOf(MdsOp op) => Volatile.Read(ref _byOp[(int)op]);

    /// <summary>Create an empty filesystem.</summary>
    public Mds()
    {
        RootId = NewFid();
        _dirs[RootId] = new MdsDir(new ServerDir(RootId), new rw_semaphore());
        _nlink[RootId] = 1;
    }

    private ulong NewFid() => (ulong)Interlocked.Increment(ref _nextFid);

    private MdsDir Dir(ulong fid) =>
        _dirs.TryGetValue(fid, out var d) ? d : throw new InvalidOperationException($"no MDS directory {fid}");

    /// <summary>
    /// Request <paramref name="op"/> on directory <paramref name="dirFid"/>: the RPC, then the
    /// directory's server lock held for writing until the result is disposed (each <c>mdt_reint_*</c>
    /// and the intent policy lock the parent first and keep it across their lock revocations).
    /// </summary>
    private DirWriteLock Request(MdsOp op, ulong dirFid)
    {
        Rpc(op);
        MdsDir md = Dir(dirFid);
        md.Lock.down_write();
        return new DirWriteLock(md);
    }

    /// <summary>A directory's server lock held for writing (<see cref="Request"/>); disposing releases it.</summary>
    private readonly struct DirWriteLock(MdsDir md) : IDisposable
    {
        public ServerDir Entries => md.Entries;

        public void Dispose() => md.Lock.up_write();
    }

    private void Rpc(MdsOp op)
    {
        Interlocked.Increment(ref _rpcs);
        Interlocked.Increment(ref _byOp[(int)op]);
        if (RpcLatencyNs <= 0)
            return;
        long until = Stopwatch.GetTimestamp() + RpcLatencyNs * Stopwatch.Frequency / 1_000_000_000;
        while (Stopwatch.GetTimestamp() < until)
            Thread.SpinWait(8);
    }

    // ---- DLM ---------------------------------------------------------------------------------

    /// <summary>Grant <paramref name="bits"/> on <paramref name="fid"/> to <paramref name="m"/>, with one reader reference.</summary>
    private ldlm_lock Grant(LustreMount m, ulong fid, int bits)
    {
        lock (_dlm)
        {
            if (m.locks.TryGetValue(fid, out ldlm_lock? held) && !held.ast_sent)
            {
                lock (held.l_lock)
                {
                    if (!held.cbpending && !held.canceling)
                    {
                        held.bits |= bits; // the model keeps one lock per (mount, resource)
                        held.l_readers++;
                        return held;
                    }
                }
            }
            var l = new ldlm_lock(m, fid, bits) { l_readers = 1 };
            m.locks[fid] = l;
            if (!_granted.TryGetValue(fid, out var list))
                _granted[fid] = list = [];
            list.Add(l);
            return l;
        }
    }

    /// <summary>
    /// Revoke every lock on <paramref name="fid"/> with any of <paramref name="bits"/>, of every
    /// mount: mark it (<c>LDLM_FL_AST_SENT</c>: no grant merges into it), send each holder a
    /// blocking AST (<c>ldlm_server_blocking_ast</c> → the holder's <c>ldlm_callback_handler</c>,
    /// which queues it for its <c>ldlm_bl</c> thread and returns), then wait until each holder's
    /// cancel has arrived (<see cref="ldlm_lock.wait_cancelled"/>). Called with the directory's
    /// server lock held, before the change is applied.
    /// </summary>
    private void CancelConflicting(ulong fid, int bits)
    {
        List<ldlm_lock>? victims = null;
        lock (_dlm)
        {
            if (!_granted.TryGetValue(fid, out var list))
                return;
            for (int i = list.Count - 1; i >= 0; i--)
            {
                ldlm_lock l = list[i];
                if ((l.bits & bits) == 0)
                    continue;
                l.ast_sent = true;
                list.RemoveAt(i);
                (victims ??= []).Add(l);
            }
            if (list.Count == 0)
                _granted.Remove(fid);
        }
        if (victims is null)
            return;
        Interlocked.Add(ref _cancels, victims.Count);
        foreach (ldlm_lock l in victims)
            l.owner.ldlm_callback_handler(l); // LDLM_BL_CALLBACK
        string comm = task_struct.current.comm;
        foreach (ldlm_lock l in victims)
        {
            _waits[l] = comm;
            l.wait_cancelled();
            _waits.TryRemove(l, out _);
        }
    }

    /// <inheritdoc/>
    public void AddStallState(List<string> lines, long originTicks)
    {
        foreach (var (l, comm) in _waits)
            lines.Add($"mds: {comm} waits in ldlm_completion_ast for {l.ldlm_lock_dump()}");
    }

    // ---- requests ------------------------------------------------------------------------------

    /// <summary>
    /// <c>LDLM_ENQUEUE</c> with an intent (<c>mdt_intent_policy</c>): look <paramref name="name"/> up
    /// in <paramref name="dirFid"/>; with IT_OPEN open it, with IT_CREAT create it when absent. The
    /// reply's lock: LOOKUP on the child when it exists, UPDATE on the directory when it does not.
    /// Returns 0 (the answer is in <paramref name="it"/>) or a negative errno.
    /// </summary>
    internal int md_intent_lock(LustreMount m, ulong dirFid, string name, lookup_intent it)
    {
        using DirWriteLock md = Request(MdsOp.INTENT, dirFid);
        ServerDir d = md.Entries;
        it.it_disposition = lookup_intent.DISP_LOOKUP_EXECD;
        if (d.TryGet(name, out ServerEntry e))
        {
            if ((it.it_op & lookup_intent.IT_OPEN) != 0)
            {
                if ((it.it_op & lookup_intent.IT_CREAT) != 0 && (it.it_flags & OpenFlags.O_EXCL) != 0)
                    return -Errno.EEXIST;
                if ((it.it_op & lookup_intent.IT_CREAT) != 0 && (e.Mode & inode.S_IFMT) == inode.S_IFDIR)
                    return -Errno.EISDIR;
                it.it_disposition |= lookup_intent.DISP_OPEN_OPEN;
            }
            it.it_entry = e;
            it.it_lock = Grant(m, e.FileId, MDS_INODELOCK.LOOKUP);
            return 0;
        }
        if ((it.it_op & lookup_intent.IT_CREAT) != 0)
        {
            CancelConflicting(dirFid, MDS_INODELOCK.UPDATE);
            e = new ServerEntry(name, NewFid(), inode.S_IFREG | 0x1A4);
            _nlink[e.FileId] = 1;
            d.Set(e);
            it.it_disposition |= lookup_intent.DISP_LOOKUP_NEG | lookup_intent.DISP_OPEN_CREATE | lookup_intent.DISP_OPEN_OPEN;
            it.it_entry = e;
            it.it_lock = Grant(m, e.FileId, MDS_INODELOCK.LOOKUP);
            return 0;
        }
        it.it_disposition |= lookup_intent.DISP_LOOKUP_NEG;
        it.it_lock = Grant(m, dirFid, MDS_INODELOCK.UPDATE);
        return 0;
    }

    /// <summary>Open by FID (<c>ll_intent_file_open</c> of a cached positive dentry): -ENOENT once the object is gone.</summary>
    internal int open_by_fid(ulong fid)
    {
        Rpc(MdsOp.OPEN_BY_FID);
        return _nlink.TryGetValue(fid, out int n) && n > 0 ? 0 : -Errno.ENOENT;
    }

    /// <summary>READDIR: the entries, and an UPDATE lock on the directory (no reader kept).</summary>
    internal ServerEntry[] readdir(LustreMount m, ulong dirFid)
    {
        using DirWriteLock md = Request(MdsOp.READDIR, dirFid);
        ServerDir d = md.Entries;
        Grant(m, dirFid, MDS_INODELOCK.UPDATE).decref();
        return d.Snapshot();
    }

    /// <summary>REINT create (mknod/mkdir): -EEXIST when the name is taken.</summary>
    internal int reint_create(ulong dirFid, string name, uint mode, out ServerEntry entry)
    {
        using DirWriteLock md = Request(MdsOp.REINT, dirFid);
        ServerDir d = md.Entries;
        if (d.TryGet(name, out entry))
            return -Errno.EEXIST;
        CancelConflicting(dirFid, MDS_INODELOCK.UPDATE);
        entry = new ServerEntry(name, NewFid(), mode);
        if ((mode & inode.S_IFMT) == inode.S_IFDIR)
            _dirs[entry.FileId] = new MdsDir(new ServerDir(entry.FileId), new rw_semaphore());
        _nlink[entry.FileId] = 1;
        d.Set(entry);
        return 0;
    }

    /// <summary>REINT unlink (and rmdir of an empty directory).</summary>
    internal int reint_unlink(ulong dirFid, string name)
    {
        using DirWriteLock md = Request(MdsOp.REINT, dirFid);
        ServerDir d = md.Entries;
        if (!d.TryGet(name, out ServerEntry e))
            return -Errno.ENOENT;
        if ((e.Mode & inode.S_IFMT) == inode.S_IFDIR)
            return -Errno.EISDIR;
        CancelConflicting(dirFid, MDS_INODELOCK.UPDATE);
        CancelConflicting(e.FileId, MDS_INODELOCK.LOOKUP);
        d.Remove(name);
        _nlink.AddOrUpdate(e.FileId, 0, (_, n) => n - 1);
        return 0;
    }

    /// <summary>REINT rename within one directory (replaces a non-directory target).</summary>
    internal int reint_rename(ulong dirFid, string from, string to)
    {
        using DirWriteLock md = Request(MdsOp.REINT, dirFid);
        ServerDir d = md.Entries;
        if (!d.TryGet(from, out ServerEntry e))
            return -Errno.ENOENT;
        bool replaces = d.TryGet(to, out ServerEntry t);
        if (replaces && (t.Mode & inode.S_IFMT) == inode.S_IFDIR)
            return -Errno.EISDIR;
        if (replaces && t.FileId == e.FileId)
            return 0;
        CancelConflicting(dirFid, MDS_INODELOCK.UPDATE);
        CancelConflicting(e.FileId, MDS_INODELOCK.LOOKUP);
        if (replaces)
            CancelConflicting(t.FileId, MDS_INODELOCK.LOOKUP);
        d.Remove(from);
        d.Set(e with { Name = to });
        if (replaces)
            _nlink.AddOrUpdate(t.FileId, 0, (_, n) => n - 1);
        return 0;
    }

    /// <summary>REINT link: a second name for <paramref name="fid"/> (-EEXIST when taken).</summary>
    internal int reint_link(ulong dirFid, string name, ServerEntry target)
    {
        using DirWriteLock md = Request(MdsOp.REINT, dirFid);
        ServerDir d = md.Entries;
        if (d.TryGet(name, out _))
            return -Errno.EEXIST;
        if (!_nlink.TryGetValue(target.FileId, out int n) || n <= 0)
            return -Errno.ENOENT;
        CancelConflicting(dirFid, MDS_INODELOCK.UPDATE);
        _nlink.AddOrUpdate(target.FileId, 1, (_, k) => k + 1);
        d.Set(target with { Name = name });
        return 0;
    }

    /// <summary>REINT rmdir: -ENOTEMPTY unless the directory is empty, -ENOTDIR for a file.</summary>
    internal int reint_rmdir(ulong dirFid, string name)
    {
        using DirWriteLock md = Request(MdsOp.REINT, dirFid);
        ServerDir d = md.Entries;
        if (!d.TryGet(name, out ServerEntry e))
            return -Errno.ENOENT;
        if ((e.Mode & inode.S_IFMT) != inode.S_IFDIR)
            return -Errno.ENOTDIR;
        MdsDir victim = Dir(e.FileId);
        victim.Lock.down_write(); // parent before child, as mdt_reint_unlink locks them
        try
        {
            if (victim.Entries.Snapshot().Length != 0)
                return -Errno.ENOTEMPTY;
            CancelConflicting(dirFid, MDS_INODELOCK.UPDATE);
            CancelConflicting(e.FileId, MDS_INODELOCK.LOOKUP | MDS_INODELOCK.UPDATE);
            d.Remove(name);
            _nlink.AddOrUpdate(e.FileId, 0, (_, n) => n - 1);
            return 0;
        }
        finally
        {
            victim.Lock.up_write();
        }
    }

    // ---- IFsServer: the "other client" (a node this harness does not model) ------------------

    /// <inheritdoc/>
    public int Lookup(ulong dirId, string name, out ServerEntry entry)
    {
        MdsDir md = Dir(dirId);
        md.Lock.down_read();
        try
        {
            return md.Entries.TryGet(name, out entry) ? 0 : -Errno.ENOENT;
        }
        finally
        {
            md.Lock.up_read();
        }
    }

    /// <inheritdoc/>
    public void CreateFile(ulong dirId, string name) => reint_create(dirId, name, inode.S_IFREG | 0x1A4, out _);

    /// <summary>Unlink a name as another client would (its locks cancelled first).</summary>
    public int Unlink(ulong dirId, string name) => reint_unlink(dirId, name);
}
