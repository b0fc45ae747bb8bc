// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;

namespace DcacheStress.Kernel.Tests.Support;

/// <summary>
/// Lookups racing writers on real threads. Writers change a small namespace the way the VFS
/// would (holding the directories' <c>i_rwsem</c> exclusive): <c>d_add</c> (positive or
/// negative), <c>d_drop</c>, <c>d_delete</c>, and renames (<c>d_move</c> onto a fresh target) within
/// one directory or between two. Readers check every result they accept:
/// <list type="bullet">
/// <item>RCU readers: <c>__d_lookup_rcu</c>, then a snapshot of <c>d_name</c>/<c>d_parent</c>, then
/// (unless <see cref="Options.ValidateSeq"/> is off, the test-only broken reader)
/// <c>read_seqcount_retry</c>; an accepted snapshot must name what was asked under the parent asked.</item>
/// <item>Ref-walk readers: <c>d_lookup</c> under the parent's <c>i_rwsem</c> shared; the name and
/// parent read under <c>d_lock</c> must match, and hit/miss must match the writers' record.</item>
/// </list>
/// </summary>
internal sealed class LookupChurn
{
    internal sealed record Options
    {
        public int Dirs { get; init; } = 2;
        public int Names { get; init; } = 8;
        public int Writers { get; init; } = 1;
        public int RcuReaders { get; init; } = 1;
        public int RefReaders { get; init; } = 1;
        public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(2);
        /// <summary>Only renames (the most aggressive churn of names).</summary>
        public bool RenamesOnly { get; init; }
        /// <summary>False = the broken reader that skips <c>read_seqcount_retry</c>.</summary>
        public bool ValidateSeq { get; init; } = true;
        /// <summary>Upper bound of the spin between the lookup and the snapshot (widens the window).</summary>
        public int ReaderSpin { get; init; } = 64;
        /// <summary>End the run as soon as a reader accepted a wrong result.</summary>
        public bool StopOnMismatch { get; init; }
        public ulong Seed { get; init; } = 1;
    }

    internal sealed class Result
    {
        public long Accepted, Retries, Misses, Mismatches;
        public long RefAccepted, RefMisses, RefMismatches;
        public long Adds, Drops, Deletes, Renames, CrossRenames;
        public string? FirstMismatch;
        public List<string> Stuck { get; } = [];
        public List<string> Errors { get; } = [];

        public override string ToString() =>
            $"rcu accepted={Accepted} retries={Retries} misses={Misses} mismatches={Mismatches}; " +
            $"ref accepted={RefAccepted} misses={RefMisses} mismatches={RefMismatches}; " +
            $"adds={Adds} drops={Drops} deletes={Deletes} renames={Renames} (cross {CrossRenames}); " +
            $"first mismatch: {FirstMismatch ?? "none"}; errors: {Errors.Count}";
    }

    private readonly Options _o;
    private readonly dentry[] _dirs;
    private readonly byte[][] _names;
    private readonly ulong[] _hashLens;
    private readonly bool[,] _hashed;   // [dir, name], under the dir's i_rwsem (exclusive to change)
    private readonly bool[,] _positive; // idem
    private readonly Result _r = new();
    private readonly object _errorsLock = new();
    private volatile bool _stop;

    public LookupChurn(Options options)
    {
        _o = options;
        Fs = new TestFs(new DcacheOptions { DHashShift = 6 }); // few buckets: renames cross chains
        _dirs = new dentry[_o.Dirs];
        for (int i = 0; i < _o.Dirs; i++)
            _dirs[i] = Fs.Mkdir(Fs.Root, "d" + i);
        _names = new byte[_o.Names][];
        _hashLens = new ulong[_o.Names];
        for (int k = 0; k < _o.Names; k++)
        {
            _names[k] = TestFs.B("name" + k);
            _hashLens[k] = NameHash.hashlen_string(_names[k]);
        }
        _hashed = new bool[_o.Dirs, _o.Names];
        _positive = new bool[_o.Dirs, _o.Names];
        for (int i = 0; i < _o.Dirs; i++)
        {
            for (int k = 0; k < _o.Names; k += 2)
            {
                Fs.Dcache.dput(Fs.AddFile(_dirs[i], "name" + k)); // cached, count 0
                _hashed[i, k] = true;
                _positive[i, k] = true;
            }
        }
    }

    public TestFs Fs { get; }

    private Kernel.Dcache Dc => Fs.Dcache;

    private void Error(string what)
    {
        lock (_errorsLock)
        {
            if (_r.Errors.Count < 20)
                _r.Errors.Add(what);
        }
    }

    public Result Run()
    {
        var writers = TestThreads.Start(_o.Writers, "w", Writer, _o.Seed);
        var rcu = TestThreads.Start(_o.RcuReaders, "rcu", RcuReader, _o.Seed + 1000);
        var refw = TestThreads.Start(_o.RefReaders, "ref", RefReader, _o.Seed + 2000);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < _o.Duration && !(_o.StopOnMismatch && Interlocked.Read(ref _r.Mismatches) > 0))
            Thread.Sleep(5);
        _stop = true;
        foreach (var g in new[] { writers, rcu, refw })
        {
            _r.Stuck.AddRange(g.Join(TimeSpan.FromSeconds(30)));
            try
            {
                g.AssertNoErrors();
            }
            catch (AggregateException e)
            {
                foreach (var inner in e.InnerExceptions)
                    Error(inner.ToString());
            }
        }
        if (_r.Stuck.Count == 0)
            VerifyQuiescent();
        return _r;
    }

    // ---- writers -------------------------------------------------------------------------------

    private void Writer(int index)
    {
        var rng = new Random((int)_o.Seed * 31 + index);
        while (!_stop)
        {
            int op = _o.RenamesOnly ? 0 : rng.Next(8);
            switch (op)
            {
                case 0 or 1 or 2 or 3:
                    Rename(rng);
                    break;
                case 4 or 5:
                    Add(rng);
                    break;
                case 6:
                    Drop(rng);
                    break;
                default:
                    Delete(rng);
                    break;
            }
        }
    }

    private int Pick(Random rng, int dir, bool hashed, bool positive)
    {
        int start = rng.Next(_o.Names);
        for (int n = 0; n < _o.Names; n++)
        {
            int k = (start + n) % _o.Names;
            if (_hashed[dir, k] == hashed && (!positive || _positive[dir, k]))
                return k;
        }
        return -1;
    }

    /// <summary><c>d_lookup</c> under the exclusive lock: the result must agree with the record.</summary>
    private dentry? LookupChecked(int dir, int k)
    {
        dentry? d = Dc.d_lookup(_dirs[dir], new qstr(_names[k], _hashLens[k]));
        if ((d is not null) != _hashed[dir, k])
            Error($"writer: d_lookup(d{dir}, name{k}) = {d?.ToString() ?? "miss"} but the record says hashed={_hashed[dir, k]}");
        return d;
    }

    private void Rename(Random rng)
    {
        int ds = rng.Next(_o.Dirs);
        int dt = _o.Dirs > 1 && rng.Next(2) == 0 ? (ds + 1 + rng.Next(_o.Dirs - 1)) % _o.Dirs : ds;
        inode a = _dirs[ds].inode!, b = _dirs[dt].inode!;
        TestFs.LockTwo(a, b);
        try
        {
            int i = Pick(rng, ds, hashed: true, positive: true);
            int j = Pick(rng, dt, hashed: false, positive: false);
            if (i < 0 || j < 0)
                return;
            dentry? d = LookupChecked(ds, i);
            if (d is null)
                return;
            dentry target = Dc.d_alloc(_dirs[dt], new qstr(_names[j], _hashLens[j]));
            Dc.d_move(d, target);
            Dc.dput(target);
            Dc.dput(d);
            _hashed[ds, i] = false;
            _positive[ds, i] = false;
            _hashed[dt, j] = true;
            _positive[dt, j] = true;
            Interlocked.Increment(ref _r.Renames);
            if (ds != dt)
                Interlocked.Increment(ref _r.CrossRenames);
        }
        finally
        {
            TestFs.UnlockTwo(a, b);
        }
    }

    private void Add(Random rng)
    {
        int di = rng.Next(_o.Dirs);
        inode dir = _dirs[di].inode!;
        dir.inode_lock();
        try
        {
            int j = Pick(rng, di, hashed: false, positive: false);
            if (j < 0 || LookupChecked(di, j) is not null)
                return;
            bool positive = rng.Next(3) != 0;
            dentry d = Dc.d_alloc(_dirs[di], new qstr(_names[j], _hashLens[j]));
            Dc.d_add(d, positive ? Fs.NewFile() : null);
            Dc.dput(d);
            _hashed[di, j] = true;
            _positive[di, j] = positive;
            Interlocked.Increment(ref _r.Adds);
        }
        finally
        {
            dir.inode_unlock();
        }
    }

    private void Drop(Random rng)
    {
        int di = rng.Next(_o.Dirs);
        inode dir = _dirs[di].inode!;
        dir.inode_lock();
        try
        {
            int i = Pick(rng, di, hashed: true, positive: false);
            if (i < 0)
                return;
            dentry? d = LookupChecked(di, i);
            if (d is null)
                return;
            Dc.d_drop(d);
            Dc.dput(d);
            _hashed[di, i] = false;
            _positive[di, i] = false;
            Interlocked.Increment(ref _r.Drops);
        }
        finally
        {
            dir.inode_unlock();
        }
    }

    private void Delete(Random rng)
    {
        int di = rng.Next(_o.Dirs);
        inode dir = _dirs[di].inode!;
        dir.inode_lock();
        try
        {
            int i = Pick(rng, di, hashed: true, positive: true);
            if (i < 0)
                return;
            dentry? d = LookupChecked(di, i);
            if (d is null)
                return;
            Dc.d_delete(d);
            _hashed[di, i] = !Kernel.Dcache.d_unhashed(d);
            _positive[di, i] = false;
            Dc.dput(d);
            Interlocked.Increment(ref _r.Deletes);
        }
        finally
        {
            dir.inode_unlock();
        }
    }

    // ---- readers -------------------------------------------------------------------------------

    private void RcuReader(int index)
    {
        var rng = new Random((int)_o.Seed * 17 + index);
        long accepted = 0, retries = 0, misses = 0, mismatches = 0;
        while (!_stop)
        {
            int di = rng.Next(_o.Dirs), k = rng.Next(_o.Names);
            dentry parent = _dirs[di];
            byte[] asked = _names[k];
            // rcu_read_lock(): the GC keeps whatever we reach alive.
            dentry? d = Dc.__d_lookup_rcu(parent, new qstr(asked, _hashLens[k]), out uint seq);
            if (d is null)
            {
                misses++;
                continue;
            }
            if (_o.ReaderSpin > 0)
                Thread.SpinWait(rng.Next(_o.ReaderSpin));
            byte[] name = Volatile.Read(ref d.d_name_name);
            dentry dparent = Volatile.Read(ref d.d_parent);
            if (_o.ValidateSeq && d.d_seq.read_seqcount_retry(seq))
            {
                retries++;
                continue;
            }
            accepted++;
            if (!ReferenceEquals(dparent, parent) || !name.AsSpan().SequenceEqual(asked))
            {
                mismatches++;
                Interlocked.Increment(ref _r.Mismatches);
                Interlocked.CompareExchange(ref _r.FirstMismatch,
                    $"asked d{di}/name{k}, accepted {d} named '{TestFs.Str(name)}' under {dparent}", null);
            }
        }
        Interlocked.Add(ref _r.Accepted, accepted);
        Interlocked.Add(ref _r.Retries, retries);
        Interlocked.Add(ref _r.Misses, misses);
    }

    private void RefReader(int index)
    {
        var rng = new Random((int)_o.Seed * 13 + index);
        long accepted = 0, misses = 0;
        while (!_stop)
        {
            int di = rng.Next(_o.Dirs), k = rng.Next(_o.Names);
            dentry parent = _dirs[di];
            inode dir = parent.inode!;
            dir.inode_lock_shared(); // lookup_slow holds the parent shared: names below are stable
            try
            {
                dentry? d = Dc.d_lookup(parent, new qstr(_names[k], _hashLens[k]));
                bool recorded = _hashed[di, k];
                if (d is null)
                {
                    misses++;
                    if (recorded)
                        RefMismatch($"d_lookup(d{di}, name{k}) missed a hashed name");
                    continue;
                }
                d.d_lock.spin_lock();
                byte[] name = d.d_name_name;
                dentry dparent = d.d_parent;
                d.d_lock.spin_unlock();
                accepted++;
                if (!ReferenceEquals(dparent, parent) || !name.AsSpan().SequenceEqual(_names[k]) || !recorded)
                    RefMismatch($"d_lookup(d{di}, name{k}) returned {d} named '{TestFs.Str(name)}' under {dparent}, recorded hashed={recorded}");
                Dc.dput(d);
            }
            finally
            {
                dir.inode_unlock_shared();
            }
        }
        Interlocked.Add(ref _r.RefAccepted, accepted);
        Interlocked.Add(ref _r.RefMisses, misses);
    }

    private void RefMismatch(string what)
    {
        Interlocked.Increment(ref _r.RefMismatches);
        Error(what);
    }

    // ---- after the run -------------------------------------------------------------------------

    private void VerifyQuiescent()
    {
        long hashed = 0;
        for (int i = 0; i < _o.Dirs; i++)
        {
            for (int k = 0; k < _o.Names; k++)
            {
                dentry? d = Dc.d_lookup(_dirs[i], new qstr(_names[k], _hashLens[k]));
                if ((d is not null) != _hashed[i, k])
                    Error($"final: d{i}/name{k} lookup={d?.ToString() ?? "miss"} record hashed={_hashed[i, k]}");
                if (d is not null)
                {
                    hashed++;
                    if ((d.inode is not null) != _positive[i, k])
                        Error($"final: d{i}/name{k} positive={d.inode is not null} record={_positive[i, k]}");
                    Dc.dput(d);
                }
            }
        }
        long expected = 1 + _o.Dirs + hashed; // root, directories, cached names: everything else was freed
        if (Dc.nr_dentry != expected)
            Error($"final: nr_dentry={Dc.nr_dentry}, expected {expected} (leak or double free)");
    }
}
