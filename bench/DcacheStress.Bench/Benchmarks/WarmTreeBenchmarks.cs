// SPDX-License-Identifier: GPL-2.0-only
using BenchmarkDotNet.Attributes;
using DcacheStress.Bench.Baselines;
using DcacheStress.Bench.Support;
using DcacheStress.Kernel;

namespace DcacheStress.Bench.Benchmarks;

/// <summary>
/// What the microbenchmarks over the warm lookup-hot tree of patch v4.7 share: the
/// <see cref="WorkingSet"/> parameter, the tree's dcache, the bytes-keyed baseline maps and their
/// cleanup. A derived class builds what it needs in its own <c>[GlobalSetup]</c> with the helpers
/// here; its benchmark methods read the fields directly (no calls through the base in a measured
/// loop).
/// </summary>
public abstract class WarmTreeBenchmarks
{
    /// <summary>Operations per invocation: one pass over <see cref="BenchTree.KeyCount"/> keys or paths.</summary>
    private protected const int N = BenchTree.KeyCount;

    /// <summary>Distinct keys cycled through per invocation: 16 (cache-resident) or 4096 (the whole tree).</summary>
    [Params(16, BenchTree.KeyCount)]
    public int WorkingSet { get; set; } = BenchTree.KeyCount;

    /// <summary>The port's dcache of the tree.</summary>
    private protected Dcache _dc = null!;

    /// <summary>Baseline: the bytes-keyed ConcurrentDictionary holding every positive key of the tree.</summary>
    private protected ConcurrentDictionaryDcache _cdBytes = null!;

    /// <summary>Baseline: the global-lock dcache holding every positive key of the tree (null where not built).</summary>
    private protected GlobalLockDcache _global = null!;

    /// <summary>Build and warm the tree; keep its dcache in <see cref="_dc"/>.</summary>
    private protected BenchTree BuildTree()
    {
        var tree = new BenchTree();
        _dc = tree.Dcache;
        return tree;
    }

    /// <summary>Fill <see cref="_cdBytes"/> and <see cref="_global"/> with every positive key of <paramref name="tree"/>.</summary>
    private protected void BuildBytesKeyedMaps(BenchTree tree)
    {
        _cdBytes = tree.BuildConcurrentDictionary();
        _global = tree.BuildGlobalLock();
    }

    /// <summary>Release the baselines.</summary>
    [GlobalCleanup]
    public void Cleanup() => _global?.Dispose();
}
