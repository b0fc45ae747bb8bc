// SPDX-License-Identifier: GPL-2.0-only
using BenchmarkDotNet.Attributes;
using DcacheStress.Fs;
using DcacheStress.Workload;
using DcacheStress.Workload.Explore;

namespace DcacheStress.Bench.Benchmarks;

/// <summary>
/// One explore execution end to end (a fresh world, the program's tasks on the controlled
/// scheduler's threads, the fsck and the hit count after it): a 4-task race-shaped program on
/// Viro's patch (name absent; three opens and an <c>ls</c> of the entry through mount 1), each
/// invocation the same PCT interleaving (execution 0 of seed 44: one with many waits, 65 switches
/// under the old rule and 22 under the new; an interleaving without waits costs the same either way). The baseline lets every release
/// wake every waiter (schedule format 1, <see cref="ControlledScheduler.WakeAll"/>); the other
/// wakes only the waiters a release may free: the same interleaving without the waiters' empty
/// turns, so the ratio is what the OS thread hand-offs of those turns cost. Also the fsck of an
/// execution's world alone (2^12 primary and 2^10 in-lookup buckets, a few dentries).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory(Categories.Explore)]
public class ExploreExecutionBenchmarks
{
    private static readonly ExploreProgram s_program = new("race-viro", [NameStart.Absent],
    [
        [new ExploreOp(OpKind.Open, 0, 0)],
        [new ExploreOp(OpKind.Open, 0, 0)],
        [new ExploreOp(OpKind.Open, 0, 0)],
        [new ExploreOp(OpKind.Readdir, 0, 0, 0, Entry: true)],
    ]);

    private ProgramRunner _wakeAll = null!;
    private ProgramRunner _wakeFreeable = null!;
    private ExploreWorld _world = null!;

    /// <summary>Two runners (their worker threads live across invocations) and one world for the fsck.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (!PatchCatalog.TryCreate("viro-2016-07-03", out Patch patch))
            throw new InvalidOperationException("viro-2016-07-03 is not in the catalogue");
        _wakeAll = new ProgramRunner(patch, 4) { WakeAll = true };
        _wakeFreeable = new ProgramRunner(patch, 4);
        _world = new ExploreWorld(patch, s_program, new StepClock(() => 0));
    }

    /// <summary>The runners' threads end.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _wakeAll.Dispose();
        _wakeFreeable.Dispose();
    }

    // Execution 0 of a fresh strategy: the same interleaving in every invocation.
    private static PctStrategy Strategy() => new(44, 3, 16, ChangePoints.Sites);

    /// <summary>Baseline: every release wakes every waiter (format 1).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Categories.Baseline)]
    public bool Execution_WakeAll() => _wakeAll.Run(s_program, Strategy()).Hit;

    /// <summary>A release wakes only the waiters it may free (format 2, what explore does).</summary>
    [Benchmark]
    [BenchmarkCategory(Categories.Port)]
    public bool Execution_WakeFreeable() => _wakeFreeable.Run(s_program, Strategy()).Hit;

    /// <summary>The fsck alone, quiescent, as after every execution.</summary>
    [Benchmark]
    [BenchmarkCategory(Categories.Port)]
    public bool Fsck_ExecutionWorld() => _world.Dcache.fsck(quiescent: true).Clean;
}
