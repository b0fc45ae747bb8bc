// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using DcacheStress.Bench.Support;
using DcacheStress.Kernel;

namespace DcacheStress.Bench.Benchmarks;

/// <summary>
/// Hash lookups that find a cached negative dentry (made by one stat of an absent name: NFS
/// <c>nfs_lookup</c> spliced it into the hash), under the 256 leaf directories; 4096 per invocation
/// over <see cref="WorkingSet"/> distinct names.
/// Baseline: the (dentry, string) ConcurrentDictionary holding the same keys → negative dentry.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory(Categories.NegativeHit)]
public class NegativeHitBenchmarks
{
    private const int N = BenchTree.KeyCount;

    /// <summary>Distinct keys cycled through per invocation: 16 (cache-resident) or 4096 (the whole tree).</summary>
    [Params(16, BenchTree.KeyCount)]
    public int WorkingSet { get; set; } = BenchTree.KeyCount;

    private Dcache _dc = null!;
    private TreeKey[] _keys = null!;
    private ConcurrentDictionary<(dentry, string), dentry> _cdTuple = null!;

    /// <summary>Build the tree, make the negative dentries, fill the baseline; check every key.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var tree = new BenchTree();
        _dc = tree.Dcache;
        _keys = BenchTree.WorkingSet(tree.Negatives, WorkingSet);
        _cdTuple = new ConcurrentDictionary<(dentry, string), dentry>();
        foreach (var k in tree.AllPositiveKeys())
            _cdTuple[(k.Parent, k.NameString)] = k.Target!;
        foreach (var k in tree.Negatives)
            _cdTuple[(k.Parent, k.NameString)] = k.Target!;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
        {
            BenchCheck.Same(k.Target, _cdTuple.GetValueOrDefault((k.Parent, k.NameString)), "ConcurrentDictionary (tuple)");
            dentry? r = _dc.__d_lookup_rcu(k.Parent, new qstr(k.Name, k.HashLen), out _);
            BenchCheck.Same(k.Target, r, "__d_lookup_rcu negative");
            BenchCheck.True(Dcache.d_is_negative(r!), "negative dentry stays negative");
            dentry? d = _dc.d_lookup(k.Parent, qstr.from(k.Name));
            BenchCheck.Same(k.Target, d, "d_lookup negative");
            _dc.dput(d);
        }
    }

    /// <summary>Baseline: ConcurrentDictionary hit on the negative keys.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Baseline)]
    public dentry? ConcurrentDictionary_tuple_string_negative()
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

    /// <summary><c>__d_lookup_rcu</c> (pre-hashed) + d_seq check + <c>d_is_negative</c>, as lookup_fast reads it.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Port)]
    public int __d_lookup_rcu_negative_prehashed()
    {
        int negatives = 0;
        var dc = _dc;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
        {
            dentry? d = dc.__d_lookup_rcu(k.Parent, new qstr(k.Name, k.HashLen), out uint seq);
            if (d is not null)
            {
                bool negative = Dcache.d_is_negative(d);
                if (!d.d_seq.read_seqcount_retry(seq) && negative)
                    negatives++;
            }
        }
        return negatives;
    }

    /// <summary><c>d_lookup</c> (hashed in the loop) of a negative dentry, then <c>dput</c>.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Port)]
    public int d_lookup_negative_hashed()
    {
        int negatives = 0;
        var dc = _dc;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
        {
            dentry? d = dc.d_lookup(k.Parent, qstr.from(k.Name));
            if (d is not null)
            {
                negatives += Dcache.d_is_negative(d) ? 1 : 0;
                dc.dput(d);
            }
        }
        return negatives;
    }
}
