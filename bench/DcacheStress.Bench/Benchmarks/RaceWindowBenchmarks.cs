// SPDX-License-Identifier: GPL-2.0-only
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using DcacheStress.Kernel;

namespace DcacheStress.Bench.Benchmarks;

/// <summary>
/// The cost of one race-window hook when no policy or schedule is installed: the ported code's
/// <c>race.Hit(site)</c> (inlined: a field load and a predictable branch) against a benchmark
/// whose body is empty. Both are one call per BenchmarkDotNet invocation, so the harness's own
/// call overhead is subtracted from both alike. Multiply the difference by the hooks per op
/// (<c>DcacheStress.Bench hooks</c>) to get the per-op cost of having the hooks at all.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory(Categories.RaceWindows)]
public class RaceWindowBenchmarks
{
    private readonly Dcache _dc = new();

    /// <summary>Baseline: an empty benchmark body (a call that does nothing).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Categories.Baseline)]
    public void EmptyCall()
    {
    }

    /// <summary><c>RaceWindows.Hit</c> with no policy or schedule installed.</summary>
    [Benchmark]
    [BenchmarkCategory(Categories.Port)]
    public void RaceWindows_Hit_off() => _dc.race.Hit(RaceSite.nfs_atomic_open_after_d_drop);

    /// <summary>
    /// Eight hooks in a row (as a walk through several sites would run them), to lift the per-hook
    /// cost above the timer's resolution.
    /// </summary>
    [Benchmark(OperationsPerInvoke = 8)]
    [BenchmarkCategory(Categories.Port)]
    public void RaceWindows_Hit_off_x8()
    {
        var race = _dc.race;
        race.Hit(RaceSite.nfs_atomic_open_after_d_drop);
        Sink();
        race.Hit(RaceSite.nfs_atomic_open_before_open_rpc);
        Sink();
        race.Hit(RaceSite.open_and_get_state_after_d_drop);
        Sink();
        race.Hit(RaceSite.d_splice_alias_before_d_add);
        Sink();
        race.Hit(RaceSite.d_add_before_rehash);
        Sink();
        race.Hit(RaceSite.d_alloc_parallel_before_in_lookup_insert);
        Sink();
        race.Hit(RaceSite.d_lookup_done_before_wake);
        Sink();
        race.Hit(RaceSite.lookup_open_after_revalidate);
        Sink();
    }

    /// <summary>The same eight calls with no hook between them (what x8 is compared with).</summary>
    [Benchmark(OperationsPerInvoke = 8)]
    [BenchmarkCategory(Categories.Baseline)]
    public void NoHook_x8()
    {
        Sink();
        Sink();
        Sink();
        Sink();
        Sink();
        Sink();
        Sink();
        Sink();
    }

    // A call the JIT must keep: stands for the ported code around each hook, and stops the JIT from
    // hoisting the hook's flag load out of the sequence.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Sink()
    {
    }
}
