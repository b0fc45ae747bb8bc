// SPDX-License-Identifier: GPL-2.0-only
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
public class NegativeHitBenchmarks : TreeKeyBenchmarks
{
    /// <summary>Build the tree, make the negative dentries, fill the baseline; check every key.</summary>
    [GlobalSetup]
    public void Setup()
    {
        BenchTree tree = BuildTree();
        UseKeys(tree, tree.Negatives);
        foreach (var k in tree.Negatives)
            _cdTuple[(k.Parent, k.NameString)] = k.Target!;
        CheckKeys("negative", bytesKeyed: false);
        foreach (ref readonly TreeKey k in _keys.AsSpan())
            BenchCheck.True(Dcache.d_is_negative(k.Target!), "negative dentry stays negative");
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
