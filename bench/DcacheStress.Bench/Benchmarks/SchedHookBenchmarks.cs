// SPDX-License-Identifier: GPL-2.0-only
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using DcacheStress.Kernel;
using DcacheStress.Kernel.Locking;

namespace DcacheStress.Bench.Benchmarks;

/// <summary>
/// The cost of explore's scheduling-point hooks (<see cref="SchedHooks"/>) when no controlled
/// scheduler is alive, as every stress run has them: eight <c>SchedHooks.Point</c> calls between
/// opaque calls against the same eight calls without hooks, and an uncontended
/// <c>spin_lock</c>/<c>spin_unlock</c> pair (two hooks inside) against a bare CAS + store-release
/// pair (what the pair was before the hooks). Same run, same machine: the differences are the
/// hooks' price per point and per lock round trip.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory(Categories.RaceWindows)]
public class SchedHookBenchmarks
{
    private spinlock_t _lock; // mutable struct: never readonly
    private int _word;

    /// <summary>Baseline: eight opaque calls, no hook.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 8)]
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

    /// <summary>Eight scheduling points (off) between the same calls.</summary>
    [Benchmark(OperationsPerInvoke = 8)]
    [BenchmarkCategory(Categories.Port)]
    public void SchedHooks_Point_off_x8()
    {
        SchedHooks.Point(SchedPoint.spin_lock);
        Sink();
        SchedHooks.Point(SchedPoint.spin_unlock);
        Sink();
        SchedHooks.Point(SchedPoint.d_lock);
        Sink();
        SchedHooks.Point(SchedPoint.d_unlock);
        Sink();
        SchedHooks.Point(SchedPoint.read_seqcount_begin);
        Sink();
        SchedHooks.Point(SchedPoint.read_seqcount_retry);
        Sink();
        SchedHooks.Point(SchedPoint.hlist_bl_lock);
        Sink();
        SchedHooks.Point(SchedPoint.hlist_bl_unlock);
        Sink();
    }

    /// <summary>The pair as it was before the hooks: CAS acquire, store-release.</summary>
    [Benchmark]
    [BenchmarkCategory(Categories.Baseline)]
    public void Cas_pair_without_hooks()
    {
        if (Interlocked.CompareExchange(ref _word, 1, 0) != 0)
            Sink();
        Volatile.Write(ref _word, 0);
    }

    /// <summary><c>spin_lock</c> + <c>spin_unlock</c>, uncontended, with their two hooks (off).</summary>
    [Benchmark]
    [BenchmarkCategory(Categories.Port)]
    public void spin_lock_unlock_with_hooks()
    {
        _lock.spin_lock();
        _lock.spin_unlock();
    }

    // A call the JIT must keep (stands for the ported code around each point).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Sink()
    {
    }
}
