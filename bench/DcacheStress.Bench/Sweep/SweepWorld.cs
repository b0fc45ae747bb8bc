// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Bench.Baselines;
using DcacheStress.Bench.Support;
using DcacheStress.Fs;
using DcacheStress.Kernel;
using DcacheStress.Workload;

namespace DcacheStress.Bench.Sweep;

/// <summary>
/// The state one sweep row runs on, and one op of its mix. Every world is built fresh per row from
/// the same lookup-hot namespace (PatchTarget over the NFS model), so the rows start alike.
/// </summary>
internal abstract class SweepWorld : IDisposable
{
    /// <summary>Build the world of <paramref name="impl"/> for one row.</summary>
    public static SweepWorld Create(SweepImpl impl, SweepOptions o, double churn, int threads)
    {
        var stress = new StressOptions
        {
            Patches = [o.Patch],
            Workload = o.Workload,
            Threads = threads,
            Mounts = o.EffectiveMounts,
            RpcLatencyNs = o.RpcLatencyNs,
            Churn = churn,
            Fanout = o.Fanout,
            Depth = o.Depth,
            Seed = o.Seed,
            RaceWindows = o.RaceWindows,
        };
        if (!PatchCatalog.TryCreate(o.Patch, out Patch patch))
            throw new ArgumentException($"unknown patch {o.Patch}");
        var target = new PatchTarget(patch, stress);
        return impl switch
        {
            SweepImpl.Rcu => new RcuWorld(target, o.RaceWindows),
            SweepImpl.RcuWalk => new RcuWalkWorld(target),
            SweepImpl.Cd => new BaselineWorld<CdMap>(target, new CdMap(new ConcurrentDictionaryDcache())),
            SweepImpl.GlobalLock => new BaselineWorld<GlobalLockMap>(target, new GlobalLockMap(new GlobalLockDcache())),
            _ => throw new ArgumentOutOfRangeException(nameof(impl)),
        };
    }

    /// <summary>Run one op (called only by worker threads); counts go to <paramref name="stats"/>.</summary>
    public abstract void Run(OpKind op, WorkerStats stats, ref ulong rng);

    /// <summary>Invariant hits of the port during the row (0 for the baselines).</summary>
    public virtual long InvariantHits => 0;

    /// <summary>True when the world counts seqcount retries (the port).</summary>
    public virtual bool HasSeqRetries => false;

    /// <inheritdoc/>
    public virtual void Dispose()
    {
    }
}

/// <summary>The port: <see cref="Ops.Run"/> on the patch's target (what the stress engine's workers do).</summary>
internal sealed class RcuWorld : SweepWorld
{
    private readonly PatchTarget _target;

    public RcuWorld(PatchTarget target, bool raceWindows)
    {
        _target = target;
        target.Dcache.race.SetPolicy(raceWindows ? RaceWindowPolicy.Default : null);
    }

    public override void Run(OpKind op, WorkerStats stats, ref ulong rng) => Ops.Run(op, _target, stats, ref rng);

    public override long InvariantHits => _target.Dcache.bug.TotalHits;

    public override bool HasSeqRetries => true;
}

/// <summary>
/// The port's dcache alone, doing what the baselines do: lookups are <see cref="RcuWalk"/> walks
/// (per component <c>__d_lookup_rcu</c> + d_seq checks); a writer resolves the parent the same way,
/// takes the parent's <c>i_rwsem</c> exclusive (as the VFS does around ->create/->unlink/->rename)
/// and changes the dcache with its own primitives: create = <c>d_lookup</c>, else <c>d_alloc</c> +
/// <c>d_add</c> of a new inode; unlink = <c>d_lookup</c> + <c>d_drop</c> + <c>dput</c>; rename =
/// <c>d_move</c> onto the target (a fresh hashed negative one when absent). Same random choices as
/// <see cref="Ops.Run"/>; a cross-directory rename is refused, as the port refuses it.
/// </summary>
internal sealed class RcuWalkWorld : SweepWorld
{
    private readonly Dcache _dc;
    private readonly dentry _root;
    private readonly super_block _sb;
    private readonly byte[][] _leaves;
    private readonly byte[][] _files;

    public RcuWalkWorld(PatchTarget target)
    {
        _dc = target.Dcache;
        _root = target.Mounts[0].Root;
        _sb = _root.sb;
        _leaves = target.Names.Leaves;
        _files = target.Names.Files;
    }

    public override bool HasSeqRetries => true;

    public override long InvariantHits => _dc.bug.TotalHits;

    public override void Run(OpKind op, WorkerStats stats, ref ulong rng)
    {
        ulong r = SeedMix.Next(ref rng);
        r >>= 8;
        byte[] a = _files[(int)(r % (ulong)_files.Length)];
        long lookups = 0, retries = 0;
        OpResult result;
        switch (op)
        {
            case OpKind.Lookup:
            {
                byte[] leaf = _leaves[(int)(r % (ulong)_leaves.Length)];
                dentry? d = RcuWalk.Walk(_dc, _root, leaf, false, ref lookups, ref retries, out _, out _);
                result = d is null ? OpResult.Enoent : OpResult.Ok;
                break;
            }
            case OpKind.OpenCreat:
            {
                dentry? parent = RcuWalk.Walk(_dc, _root, a, true, ref lookups, ref retries, out int s, out int l);
                result = parent is null ? OpResult.Enoent : Create(parent, a.AsSpan(s, l), r);
                break;
            }
            case OpKind.Unlink:
            {
                dentry? parent = RcuWalk.Walk(_dc, _root, a, true, ref lookups, ref retries, out int s, out int l);
                result = parent is null ? OpResult.Enoent : Unlink(parent, a.AsSpan(s, l));
                break;
            }
            case OpKind.Rename:
            {
                byte[] b = _files[(int)((r >> 20) % (ulong)_files.Length)];
                if (ReferenceEquals(a, b))
                {
                    result = OpResult.Ok;
                    break;
                }
                dentry? pa = RcuWalk.Walk(_dc, _root, a, true, ref lookups, ref retries, out int sa, out int la);
                dentry? pb = RcuWalk.Walk(_dc, _root, b, true, ref lookups, ref retries, out int sb, out int lb);
                if (pa is null || pb is null)
                    result = OpResult.Enoent;
                else if (!ReferenceEquals(pa, pb))
                    result = OpResult.Error; // cross-directory: EINVAL in the port
                else
                    result = Rename(pa, a.AsSpan(sa, la), b.AsSpan(sb, lb));
                break;
            }
            default:
                throw new InvalidOperationException($"op {op} is not part of lookup-hot");
        }
        stats.AddWalk(lookups, retries);
        stats.Count(op, result);
    }

    private OpResult Create(dentry parent, ReadOnlySpan<byte> name, ulong ino)
    {
        inode dir = parent.inode!;
        var q = qstr.from(name);
        dir.inode_lock();
        try
        {
            dentry? d = _dc.d_lookup(parent, q);
            if (d is not null)
            {
                _dc.dput(d); // present (O_CREAT without O_EXCL opens it)
                return OpResult.Ok;
            }
            d = _dc.d_alloc(parent, q);
            _dc.d_add(d, new inode(_sb, ino | (1UL << 63), inode.S_IFREG | 0x1A4, null, null, null));
            _dc.dput(d); // cached, unused
            return OpResult.Ok;
        }
        finally
        {
            dir.inode_unlock();
        }
    }

    private OpResult Unlink(dentry parent, ReadOnlySpan<byte> name)
    {
        inode dir = parent.inode!;
        dir.inode_lock();
        try
        {
            dentry? d = _dc.d_lookup(parent, qstr.from(name));
            if (d is null)
                return OpResult.Enoent;
            _dc.d_drop(d);
            _dc.dput(d); // unhashed: the last put kills it
            return OpResult.Ok;
        }
        finally
        {
            dir.inode_unlock();
        }
    }

    private OpResult Rename(dentry parent, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to)
    {
        inode dir = parent.inode!;
        dir.inode_lock();
        try
        {
            dentry? source = _dc.d_lookup(parent, qstr.from(from));
            if (source is null)
                return OpResult.Enoent;
            var qt = qstr.from(to);
            dentry? target = _dc.d_lookup(parent, qt);
            if (target is null)
            {
                target = _dc.d_alloc(parent, qt);
                _dc.d_add(target, null); // the negative dentry ->lookup would have hashed
            }
            _dc.d_move(source, target);
            _dc.dput(target); // unhashed by d_move: killed
            _dc.dput(source);
            return OpResult.Ok;
        }
        finally
        {
            dir.inode_unlock();
        }
    }
}

/// <summary>The two baseline maps behind one shape, so the worker loop is the same code for both.</summary>
internal interface IBaselineMap : IDisposable
{
    dentry? Lookup(dentry parent, ReadOnlySpan<byte> name);

    bool Add(dentry parent, ReadOnlySpan<byte> name, dentry value);

    bool Remove(dentry parent, ReadOnlySpan<byte> name);

    bool Rename(dentry parent, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to);
}

/// <summary><see cref="ConcurrentDictionaryDcache"/> as an <see cref="IBaselineMap"/> (a struct: calls are not virtual).</summary>
internal readonly struct CdMap(ConcurrentDictionaryDcache map) : IBaselineMap
{
    public dentry? Lookup(dentry parent, ReadOnlySpan<byte> name) => map.Lookup(parent, name);

    public bool Add(dentry parent, ReadOnlySpan<byte> name, dentry value) => map.Add(parent, name, value);

    public bool Remove(dentry parent, ReadOnlySpan<byte> name) => map.Remove(parent, name);

    public bool Rename(dentry parent, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to) => map.Rename(parent, from, to);

    public void Dispose()
    {
    }
}

/// <summary><see cref="GlobalLockDcache"/> as an <see cref="IBaselineMap"/>.</summary>
internal readonly struct GlobalLockMap(GlobalLockDcache map) : IBaselineMap
{
    public dentry? Lookup(dentry parent, ReadOnlySpan<byte> name) => map.Lookup(parent, name);

    public bool Add(dentry parent, ReadOnlySpan<byte> name, dentry value) => map.Add(parent, name, value);

    public bool Remove(dentry parent, ReadOnlySpan<byte> name) => map.Remove(parent, name);

    public bool Rename(dentry parent, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to) => map.Rename(parent, from, to);

    public void Dispose() => map.Dispose();
}

/// <summary>
/// A baseline map filled with every dentry of the target's mount-0 tree, driven with the same
/// random choices as <see cref="Ops.Run"/> makes for lookup-hot: a lookup walks a random leaf path
/// component by component; create/unlink/rename resolve the parent of a churn name component by
/// component, then add/remove/move the key under the map's own locking (a cross-directory rename
/// is refused, as the port refuses it with EINVAL).
/// </summary>
internal sealed class BaselineWorld<TMap> : SweepWorld where TMap : struct, IBaselineMap
{
    private readonly TMap _map;
    private readonly dentry _root;
    private readonly byte[][] _leaves;
    private readonly byte[][] _files;
    private readonly dentry _value;

    public BaselineWorld(PatchTarget target, TMap map)
    {
        _map = map;
        _root = target.Mounts[0].Root;
        _leaves = target.Names.Leaves;
        _files = target.Names.Files;
        // Values for created names: any object will do (nobody walks through a leaf); one dentry
        // of the tree stands for all of them, so a create allocates only the key, as ->create's
        // d_alloc would allocate the dentry.
        _value = _root;
        var seen = new HashSet<dentry>(ReferenceEqualityComparer.Instance);
        Dcache dc = target.Dcache;
        foreach (byte[] path in _leaves)
        {
            dentry d = _root;
            int pos = 0;
            while (PathSplit.Next(path, ref pos, out int start, out int len))
            {
                ReadOnlySpan<byte> name = path.AsSpan(start, len);
                dentry child = dc.__d_lookup_rcu(d, qstr.from(name), out _)
                    ?? throw new InvalidOperationException("lookup-hot tree is not cached");
                if (seen.Add(child))
                    _map.Add(d, name, child);
                d = child;
            }
        }
    }

    public override void Run(OpKind op, WorkerStats stats, ref ulong rng)
    {
        // The same draws as Ops.Run: one value; mount choice (one mount) from the low byte.
        ulong r = SeedMix.Next(ref rng);
        r >>= 8;
        byte[] a = _files[(int)(r % (ulong)_files.Length)];
        long lookups = 0;
        OpResult result;
        switch (op)
        {
            case OpKind.Lookup:
            {
                byte[] leaf = _leaves[(int)(r % (ulong)_leaves.Length)];
                dentry? d = WalkCounting(leaf, ref lookups);
                result = d is null ? OpResult.Enoent : OpResult.Ok;
                break;
            }
            case OpKind.OpenCreat:
            {
                dentry? parent = ParentCounting(a, ref lookups, out int s, out int l);
                if (parent is null)
                {
                    result = OpResult.Enoent;
                    break;
                }
                _map.Add(parent, a.AsSpan(s, l), _value); // O_CREAT without O_EXCL: present is fine
                result = OpResult.Ok;
                break;
            }
            case OpKind.Unlink:
            {
                dentry? parent = ParentCounting(a, ref lookups, out int s, out int l);
                result = parent is not null && _map.Remove(parent, a.AsSpan(s, l)) ? OpResult.Ok : OpResult.Enoent;
                break;
            }
            case OpKind.Rename:
            {
                byte[] b = _files[(int)((r >> 20) % (ulong)_files.Length)];
                if (ReferenceEquals(a, b))
                {
                    result = OpResult.Ok;
                    break;
                }
                dentry? pa = ParentCounting(a, ref lookups, out int sa, out int la);
                dentry? pb = ParentCounting(b, ref lookups, out int sb, out int lb);
                if (pa is null || pb is null)
                    result = OpResult.Enoent;
                else if (!ReferenceEquals(pa, pb))
                    result = OpResult.Error; // cross-directory: EINVAL in the port
                else
                    result = _map.Rename(pa, a.AsSpan(sa, la), b.AsSpan(sb, lb)) ? OpResult.Ok : OpResult.Enoent;
                break;
            }
            default:
                throw new InvalidOperationException($"op {op} is not part of lookup-hot");
        }
        stats.AddWalk(lookups, 0);
        stats.Count(op, result);
    }

    private dentry? WalkCounting(byte[] path, ref long lookups)
    {
        dentry? d = _root;
        int pos = 0;
        while (PathSplit.Next(path, ref pos, out int start, out int len))
        {
            lookups++;
            d = _map.Lookup(d, path.AsSpan(start, len));
            if (d is null)
                return null;
        }
        return d;
    }

    private dentry? ParentCounting(byte[] path, ref long lookups, out int lastStart, out int lastLen)
    {
        dentry? d = _root;
        int pos = 0;
        lastStart = lastLen = 0;
        while (PathSplit.Next(path, ref pos, out int start, out int len))
        {
            if (PathSplit.AtEnd(path, pos))
            {
                lastStart = start;
                lastLen = len;
                return d;
            }
            lookups++;
            d = _map.Lookup(d, path.AsSpan(start, len));
            if (d is null)
                return null;
        }
        return null;
    }

    public override void Dispose() => _map.Dispose();
}
