// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Concurrent;
using DcacheStress.Bench.Support;
using DcacheStress.Kernel;

namespace DcacheStress.Bench.Benchmarks;

/// <summary>
/// What the hash-lookup microbenchmarks (hit, miss, negative hit) share on top of
/// <see cref="WarmTreeBenchmarks"/>: the keys of one invocation, the
/// <c>ConcurrentDictionary&lt;(dentry parent, string name), dentry&gt;</c> baseline, and the setup
/// check that every implementation finds the same dentry for every key.
/// </summary>
public abstract class TreeKeyBenchmarks : WarmTreeBenchmarks
{
    /// <summary>The keys of one invocation: <see cref="BenchTree.KeyCount"/> entries over <see cref="WarmTreeBenchmarks.WorkingSet"/> distinct keys.</summary>
    private protected TreeKey[] _keys = null!;

    /// <summary>Baseline: the (dentry, string) ConcurrentDictionary, the key tuple built from a pre-made string.</summary>
    private protected ConcurrentDictionary<(dentry, string), dentry> _cdTuple = null!;

    /// <summary>
    /// Take the working set of <paramref name="keySet"/> (one of <paramref name="tree"/>'s key sets)
    /// as <see cref="_keys"/>; fill <see cref="_cdTuple"/> with every positive key of the tree.
    /// </summary>
    private protected void UseKeys(BenchTree tree, TreeKey[] keySet)
    {
        _keys = BenchTree.WorkingSet(keySet, WorkingSet);
        _cdTuple = new ConcurrentDictionary<(dentry, string), dentry>();
        foreach (var k in tree.AllPositiveKeys())
            _cdTuple[(k.Parent, k.NameString)] = k.Target!;
    }

    /// <summary>
    /// Every implementation must find the same dentry for every key (the key's target: null for a
    /// miss), or the numbers mean nothing: <see cref="_cdTuple"/>, with <paramref name="bytesKeyed"/>
    /// the maps of <see cref="WarmTreeBenchmarks.BuildBytesKeyedMaps"/>, <c>__d_lookup_rcu</c> and
    /// <c>d_lookup</c> (its reference dropped again). <paramref name="kind"/> names the key set in a failure.
    /// </summary>
    private protected void CheckKeys(string kind, bool bytesKeyed)
    {
        string tuple = "ConcurrentDictionary (tuple) " + kind;
        string bytes = "ConcurrentDictionary (bytes) " + kind;
        string global = "global lock " + kind;
        string rcu = "__d_lookup_rcu " + kind;
        string lookup = "d_lookup " + kind;
        foreach (ref readonly TreeKey k in _keys.AsSpan())
        {
            BenchCheck.Same(k.Target, _cdTuple.GetValueOrDefault((k.Parent, k.NameString)), tuple);
            if (bytesKeyed)
            {
                BenchCheck.Same(k.Target, _cdBytes.Lookup(k.Parent, k.Name), bytes);
                BenchCheck.Same(k.Target, _global.Lookup(k.Parent, k.Name), global);
            }
            BenchCheck.Same(k.Target, _dc.__d_lookup_rcu(k.Parent, new qstr(k.Name, k.HashLen), out _), rcu);
            dentry? d = _dc.d_lookup(k.Parent, qstr.from(k.Name));
            BenchCheck.Same(k.Target, d, lookup);
            _dc.dput(d);
        }
    }
}
