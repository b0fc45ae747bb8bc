// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using DcacheStress.Bench.Baselines;
using DcacheStress.Bench.Support;
using DcacheStress.Kernel;

namespace DcacheStress.Bench.Benchmarks;

/// <summary>
/// Hash lookups that hit a positive dentry: 4096 lookups per invocation over the leaf keys of the
/// warm lookup-hot tree (fixed shuffled order), cycling through <see cref="WorkingSet"/> distinct
/// keys: 16 stay cache-resident (the instruction cost), 4096 spread over the tree (cache misses).
/// Baseline: <c>ConcurrentDictionary&lt;(dentry parent, string name), dentry&gt;</c> with the key
/// tuple built from a pre-made string (the dictionary hashes the string itself on every lookup).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory(Categories.LookupHit)]
public class LookupHitBenchmarks : TreeKeyBenchmarks
{
    /// <summary>Build the tree and the baselines over the same keys; check every key hits.</summary>
    [GlobalSetup]
    public void Setup()
    {
        BenchTree tree = BuildTree();
        _keys = BenchTree.WorkingSet(tree.Hits, WorkingSet);
        // One pass fills the three maps, so their entries lie interleaved on the heap as they
        // always have here (the 4096-key baseline means move by several % when filled map by map).
        _cdTuple = new ConcurrentDictionary<(dentry, string), dentry>();
        _cdBytes = new ConcurrentDictionaryDcache();
        _global = new GlobalLockDcache();
        foreach (var k in tree.AllPositiveKeys())
        {
            _cdTuple[(k.Parent, k.NameString)] = k.Target!;
            _cdBytes.Add(k.Parent, k.Name, k.Target!);
            _global.Add(k.Parent, k.Name, k.Target!);
        }
        CheckKeys("hit", bytesKeyed: true);
    }

    /// <summary>
    /// Setup for <see cref="d_lookup_hit_hashed_pinned"/>: as <see cref="Setup"/>, then one extra
    /// reference on every target (what an open file, a cwd or a child dentry holds on a hot
    /// dentry), so that the benchmark's <c>dput</c> is never the last reference.
    /// </summary>
    [GlobalSetup(Target = nameof(d_lookup_hit_hashed_pinned))]
    public void SetupPinned()
    {
        Setup();
        foreach (ref readonly TreeKey k in _keys.AsSpan())
            _dc.dget(k.Target!);
    }

    /// <summary>Baseline: <c>ConcurrentDictionary&lt;(dentry, string), dentry&gt;.TryGetValue</c>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Baseline)]
    public dentry? ConcurrentDictionary_tuple_string_hit()
    {
        dentry? last = null;
        var map = _cdTuple;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
        {
            if (map.TryGetValue((k.Parent, k.NameString), out dentry? d))
                last = d;
        }
        return last;
    }

    /// <summary>Baseline: <c>ConcurrentDictionary&lt;NameKey(dentry, byte[]), dentry&gt;</c> through the span alternate lookup.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Baseline)]
    public dentry? ConcurrentDictionary_bytes_key_hit()
    {
        dentry? last = null;
        var map = _cdBytes;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
            last = map.Lookup(k.Parent, k.Name) ?? last;
        return last;
    }

    /// <summary>Baseline: the global-lock dcache (ReaderWriterLockSlim read side around a Dictionary).</summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Baseline)]
    public dentry? GlobalLock_Dictionary_hit()
    {
        dentry? last = null;
        var map = _global;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
            last = map.Lookup(k.Parent, k.Name) ?? last;
        return last;
    }

    /// <summary>
    /// <c>__d_lookup_rcu</c> with the qstr hashed once in setup, plus the caller's
    /// <c>read_seqcount_retry</c> on the result (what lookup_fast does before trusting it).
    /// </summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Port)]
    public dentry? __d_lookup_rcu_hit_prehashed()
    {
        dentry? last = null;
        var dc = _dc;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
        {
            dentry? d = dc.__d_lookup_rcu(k.Parent, new qstr(k.Name, k.HashLen), out uint seq);
            if (d is not null && !d.d_seq.read_seqcount_retry(seq))
                last = d;
        }
        return last;
    }

    /// <summary><c>__d_lookup_rcu</c> with <c>qstr.from(bytes)</c> (the word-at-a-time hash) in the loop.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Port)]
    public dentry? __d_lookup_rcu_hit_hashed()
    {
        dentry? last = null;
        var dc = _dc;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
        {
            dentry? d = dc.__d_lookup_rcu(k.Parent, qstr.from(k.Name), out uint seq);
            if (d is not null && !d.d_seq.read_seqcount_retry(seq))
                last = d;
        }
        return last;
    }

    /// <summary>
    /// <c>d_lookup</c> (rename_lock sample, <c>__d_lookup</c> under <c>d_lock</c>, reference taken)
    /// with <c>qstr.from(bytes)</c> in the loop, then <c>dput</c> of the reference it returned.
    /// </summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Port)]
    public dentry? d_lookup_hit_hashed()
    {
        dentry? last = null;
        var dc = _dc;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
        {
            dentry? d = dc.d_lookup(k.Parent, qstr.from(k.Name));
            if (d is not null)
            {
                last = d;
                dc.dput(d);
            }
        }
        return last;
    }

    /// <summary>
    /// The floor under <see cref="d_lookup_hit_hashed"/>: only the atomic operations it must do on
    /// the dentry it finds — <c>spin_lock(&amp;dentry->d_lock)</c> (a CAS), <c>count++</c>,
    /// <c>spin_unlock</c> (a release store), then <c>dput</c>'s <c>lockref_put_return</c> (a CAS) —
    /// with no hashing and no chain walk. No lookup that hands out a counted reference can be
    /// cheaper than this.
    /// </summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Port)]
    public dentry? d_lookup_atomics_floor()
    {
        dentry? last = null;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
        {
            dentry d = k.Target!;
            ref var lockref = ref d.d_lockref;
            lockref.spin_lock();
            lockref.add_locked(1);
            lockref.spin_unlock();
            if (lockref.lockref_put_return() >= 0)
                last = d;
        }
        return last;
    }

    /// <summary>
    /// <see cref="d_lookup_hit_hashed"/> on dentries that hold another reference: <c>dput</c> takes
    /// lockref's CAS fast path. Without the pin every put is the last one, and on NFS (which has
    /// <c>->d_delete</c>, so <c>fast_dput</c> uses <c>lockref_put_or_lock</c>) the last put takes
    /// <c>d_lock</c> and calls <c>nfs_dentry_delete</c>: that is what the unpinned benchmark measures.
    /// </summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Port)]
    public dentry? d_lookup_hit_hashed_pinned() => d_lookup_hit_hashed();
}
