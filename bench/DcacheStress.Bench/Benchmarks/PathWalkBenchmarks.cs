// SPDX-License-Identifier: GPL-2.0-only
using BenchmarkDotNet.Attributes;
using DcacheStress.Bench.Support;
using DcacheStress.Kernel;

namespace DcacheStress.Bench.Benchmarks;

/// <summary>
/// Whole path walks of 4-component paths (<c>/t/dA/dB/fC</c>) over the warm lookup-hot tree of
/// patch v4.7, 4096 walks per invocation over <see cref="WorkingSet"/> distinct paths. The port's
/// walk is <c>namei.vfs_stat</c>:
/// RCU-walk (<c>__d_lookup_rcu</c> + d_seq checks + NFS <c>d_revalidate</c> in RCU mode per
/// component), <c>complete_walk</c> (reference on the last dentry), <c>dput</c>. The baselines
/// walk the same components through their maps (lookup only). Results are per path.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory(Categories.PathWalk)]
public class PathWalkBenchmarks : WarmTreeBenchmarks
{
    private dentry _root = null!;
    private byte[][] _paths = null!;

    /// <summary>Build the tree and the baselines; check every path resolves the same everywhere with no RCU retry.</summary>
    [GlobalSetup]
    public void Setup()
    {
        BenchTree tree = BuildTree();
        _root = tree.Root;
        _paths = BenchTree.WorkingSet(tree.LeafPaths, WorkingSet);
        BuildBytesKeyedMaps(tree);
        for (int i = 0; i < _paths.Length; i++)
        {
            int err = namei.vfs_stat(_root, _paths[i], out inode? ino, out long lookups, out long retries);
            BenchCheck.Equal(0, err, "vfs_stat");
            BenchCheck.Equal(4, lookups, "components per walk");
            BenchCheck.Equal(0, retries, "seqcount retries in a quiet tree");
            BenchCheck.Same(ino, _cdBytes.Walk(_root, _paths[i])!.inode, "ConcurrentDictionary walk");
            BenchCheck.Same(ino, _global.Walk(_root, _paths[i])!.inode, "global-lock walk");
            long l = 0, r = 0;
            BenchCheck.Same(ino, RcuWalk.Walk(_dc, _root, _paths[i], false, ref l, ref r, out _, out _)!.inode, "RCU dcache walk");
            BenchCheck.Same(tree.Hits[i % WorkingSet].Target, _cdBytes.Walk(_root, _paths[i]), "walk target");
        }
    }

    /// <summary>Baseline: per-component lookups in the bytes-keyed ConcurrentDictionary.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Baseline)]
    public dentry? ConcurrentDictionary_walk_4()
    {
        dentry? last = null;
        var map = _cdBytes;
        var root = _root;
        foreach (byte[] p in _paths)
            last = map.Walk(root, p) ?? last;
        return last;
    }

    /// <summary>Baseline: per-component lookups in the global-lock dcache (lock per component).</summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Baseline)]
    public dentry? GlobalLock_walk_4()
    {
        dentry? last = null;
        var map = _global;
        var root = _root;
        foreach (byte[] p in _paths)
            last = map.Walk(root, p) ?? last;
        return last;
    }

    /// <summary>
    /// The port's dcache alone over the same components: <c>hash_name</c> + <c>__d_lookup_rcu</c> +
    /// the d_seq checks of lookup_fast per component, no revalidation, no reference (see
    /// <see cref="RcuWalk"/>): the same work per component as the baselines.
    /// </summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Port)]
    public dentry? __d_lookup_rcu_walk_4()
    {
        dentry? last = null;
        var dc = _dc;
        var root = _root;
        long lookups = 0, retries = 0;
        foreach (byte[] p in _paths)
            last = RcuWalk.Walk(dc, root, p, false, ref lookups, ref retries, out _, out _) ?? last;
        return last;
    }

    /// <summary><c>namei.vfs_stat</c>: the ported RCU path walk on the NFS model (v4.7).</summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Port)]
    public long vfs_stat_rcu_walk_4()
    {
        long lookups = 0;
        var root = _root;
        foreach (byte[] p in _paths)
        {
            namei.vfs_stat(root, p, out _, out long l, out _);
            lookups += l;
        }
        return lookups;
    }
}
