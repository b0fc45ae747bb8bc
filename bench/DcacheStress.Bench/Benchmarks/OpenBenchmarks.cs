// SPDX-License-Identifier: GPL-2.0-only
using BenchmarkDotNet.Attributes;
using DcacheStress.Bench.Support;
using DcacheStress.Fs;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Bench.Benchmarks;

/// <summary>
/// What a patch costs on the common path: <c>open(O_RDONLY)</c> + <c>close</c> of a present,
/// cached file (<c>namei.do_filp_open</c> + <c>namei.fput</c>) on each catalogued patch's own warm
/// tree, over 4096 different 4-component paths per invocation. No RPC latency is simulated.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory(Categories.Open)]
public class OpenBenchmarks
{
    private const int N = BenchTree.KeyCount;
    private dentry _root = null!;
    private byte[][] _paths = null!;

    /// <summary>Every catalogued patch, in catalogue order.</summary>
    public static IEnumerable<string> PatchNames => PatchCatalog.Names;

    /// <summary>The patch under test.</summary>
    [ParamsSource(nameof(PatchNames))]
    public string Patch { get; set; } = "v4.7";

    /// <summary>Build the patch's tree; check every open succeeds.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var tree = new BenchTree(Patch);
        _root = tree.Root;
        _paths = tree.LeafPaths;
        BenchCheck.Equal(N, open_close_cached(), "opens that succeeded");
    }

    /// <summary><c>do_filp_open(O_RDONLY)</c> + <c>fput</c> of a cached file.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Port)]
    public int open_close_cached()
    {
        int ok = 0;
        var root = _root;
        foreach (byte[] p in _paths)
        {
            if (namei.do_filp_open(root, p, O_RDONLY, 0, out filp? f, out _, out _) == 0)
            {
                ok++;
                namei.fput(f!);
            }
        }
        return ok;
    }
}
