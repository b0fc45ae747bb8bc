// SPDX-License-Identifier: GPL-2.0-only
using BenchmarkDotNet.Attributes;
using DcacheStress.Bench.Support;
using DcacheStress.Kernel;

namespace DcacheStress.Bench.Benchmarks;

/// <summary>
/// Hash lookups of names that were never looked up (no dentry, positive or negative), under the
/// 256 leaf directories of the warm tree; 4096 per invocation over <see cref="WorkingSet"/>
/// distinct names. Baseline as in <see cref="LookupHitBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory(Categories.LookupMiss)]
public class LookupMissBenchmarks : TreeKeyBenchmarks
{
    /// <summary>Build the tree and the baselines (every positive key); check every key misses.</summary>
    [GlobalSetup]
    public void Setup()
    {
        BenchTree tree = BuildTree();
        UseKeys(tree, tree.Misses);
        BuildBytesKeyedMaps(tree);
        CheckKeys("miss", bytesKeyed: true);
    }

    /// <summary>Baseline: <c>ConcurrentDictionary&lt;(dentry, string), dentry&gt;.TryGetValue</c> of an absent key.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Baseline)]
    public int ConcurrentDictionary_tuple_string_miss()
    {
        int misses = 0;
        var map = _cdTuple;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
            misses += map.TryGetValue((k.Parent, k.NameString), out _) ? 0 : 1;
        return misses;
    }

    /// <summary>Baseline: the bytes-keyed ConcurrentDictionary.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Baseline)]
    public int ConcurrentDictionary_bytes_key_miss()
    {
        int misses = 0;
        var map = _cdBytes;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
            misses += map.Lookup(k.Parent, k.Name) is null ? 1 : 0;
        return misses;
    }

    /// <summary>Baseline: the global-lock dcache.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Baseline)]
    public int GlobalLock_Dictionary_miss()
    {
        int misses = 0;
        var map = _global;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
            misses += map.Lookup(k.Parent, k.Name) is null ? 1 : 0;
        return misses;
    }

    /// <summary><c>__d_lookup_rcu</c> miss, name hashed once in setup.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Port)]
    public int __d_lookup_rcu_miss_prehashed()
    {
        int misses = 0;
        var dc = _dc;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
            misses += dc.__d_lookup_rcu(k.Parent, new qstr(k.Name, k.HashLen), out _) is null ? 1 : 0;
        return misses;
    }

    /// <summary><c>d_lookup</c> miss with <c>qstr.from(bytes)</c> in the loop (includes the rename_lock retry check).</summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Port)]
    public int d_lookup_miss_hashed()
    {
        int misses = 0;
        var dc = _dc;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
            misses += dc.d_lookup(k.Parent, qstr.from(k.Name)) is null ? 1 : 0;
        return misses;
    }
}
