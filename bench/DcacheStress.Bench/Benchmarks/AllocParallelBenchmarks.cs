// SPDX-License-Identifier: GPL-2.0-only
using BenchmarkDotNet.Attributes;
using DcacheStress.Bench.Support;
using DcacheStress.Kernel;
using DcacheStress.Kernel.Locking;

namespace DcacheStress.Bench.Benchmarks;

/// <summary>
/// <c>d_alloc_parallel</c> of a name that nobody else is looking up and that is not cached (the
/// lookup_slow entry), then <c>d_lookup_done</c> + <c>dput</c> so that the cache does not grow:
/// the in-lookup dentry is unhashed, so the last dput kills it. One call per leaf directory of the
/// tree (256) per invocation. Allocates the dentry (object, name copy, hash nodes) by design.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory(Categories.AllocParallel)]
public class AllocParallelBenchmarks
{
    private Dcache _dc = null!;
    private dentry[] _dirs = null!;
    private static readonly byte[] s_name = "parallel-lookup"u8.ToArray();
    private static readonly ulong s_hashLen = NameHash.hashlen_string(s_name);
    private readonly wait_queue_head_t _wq = new(); // the caller's DECLARE_WAIT_QUEUE_HEAD_ONSTACK

    /// <summary>Build the tree; check a call returns a fresh in-lookup dentry and the count goes back.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var tree = new BenchTree();
        _dc = tree.Dcache;
        _dirs = tree.LeafDirs;
        BenchCheck.Equal(256, _dirs.Length, "leaf directories");
        long before = _dc.nr_dentry;
        dentry d = _dc.d_alloc_parallel(_dirs[0], new qstr(s_name, s_hashLen), _wq);
        BenchCheck.True(Dcache.d_in_lookup(d), "d_alloc_parallel returns an in-lookup dentry");
        _dc.d_lookup_done(d);
        _dc.dput(d);
        BenchCheck.Equal(before, _dc.nr_dentry, "nr_dentry after d_lookup_done + dput");
        BenchCheck.Equal(256, d_alloc_parallel_uncontended() == 256 ? 256 : 0, "all uncontended");
        BenchCheck.Equal(before, _dc.nr_dentry, "nr_dentry after one invocation");
    }

    /// <summary><c>d_alloc_parallel</c> + <c>d_lookup_done</c> + <c>dput</c>.</summary>
    [Benchmark(OperationsPerInvoke = 256)]
    [BenchmarkCategory(Categories.Port)]
    public int d_alloc_parallel_uncontended()
    {
        int fresh = 0;
        var dc = _dc;
        var wq = _wq;
        foreach (dentry dir in _dirs)
        {
            dentry d = dc.d_alloc_parallel(dir, new qstr(s_name, s_hashLen), wq);
            fresh += Dcache.d_in_lookup(d) ? 1 : 0;
            dc.d_lookup_done(d);
            dc.dput(d);
        }
        return fresh;
    }
}
