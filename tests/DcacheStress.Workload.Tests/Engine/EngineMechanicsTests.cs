// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using DcacheStress.Workload.Tests.Support;

namespace DcacheStress.Workload.Tests.Engine;

/// <summary>Interleaved rounds, timing, stop, counters: the engine's own mechanics.</summary>
public sealed class EngineMechanicsTests(InterleavedRunFixture fx, ITestOutputHelper output) : IClassFixture<InterleavedRunFixture>
{
    private StressEngine Engine => fx.Run.Engine;

    [Fact]
    public void Run_TwoPatches_RoundsAlternateInOptionOrder()
    {
        output.WriteLine(string.Join(" ", fx.RoundsStarted.Select(r => $"{r.Slot}:{r.Patch}")));

        // 4 rounds of 1 s; a round is only lost if parking the workers took a whole second.
        Assert.InRange(fx.RoundsStarted.Count, 3, 4);
        for (int i = 0; i < fx.RoundsStarted.Count; i++)
        {
            Assert.Equal(i, fx.RoundsStarted[i].Slot);
            Assert.Equal(InterleavedRunFixture.Patches[i % 2], fx.RoundsStarted[i].Patch);
        }
        Assert.Equal(InterleavedRunFixture.Patches, Engine.Targets.Select(t => t.Patch.Name));
        Assert.Equal(fx.RoundsStarted.Count(r => r.Patch == "v4.7"), Engine.Targets[0].Rounds.Count);
        Assert.Equal(fx.RoundsStarted.Count(r => r.Patch == "revalidate-zero"), Engine.Targets[1].Rounds.Count);
        Assert.Null(Engine.Current);
    }

    [Fact]
    public void Run_TwoPatchesInOneSecondRounds_ActiveSecondsWithin25Percent()
    {
        double a = Engine.Targets[0].ActiveSeconds, b = Engine.Targets[1].ActiveSeconds;
        output.WriteLine($"active: {a:F3} s vs {b:F3} s");

        Assert.True(a > 0.5 && b > 0.5, $"active {a:F3} s / {b:F3} s");
        Assert.True(Math.Abs(a - b) <= 0.25 * Math.Max(a, b), $"active seconds {a:F3} vs {b:F3} differ by more than 25%");
        Assert.InRange(a + b, InterleavedRunFixture.Duration.TotalSeconds - 1.5, InterleavedRunFixture.Duration.TotalSeconds + 1.5);
    }

    [Fact]
    public void Run_NoWarmup_WallTimeIsTheDuration()
    {
        output.WriteLine($"wall {fx.Run.Wall.TotalSeconds:F3} s, engine elapsed {Engine.Elapsed.TotalSeconds:F3} s");

        Assert.InRange(fx.Run.Wall.TotalSeconds, InterleavedRunFixture.Duration.TotalSeconds - 0.1, InterleavedRunFixture.Duration.TotalSeconds + 1.5);
        Assert.InRange(Engine.Elapsed.TotalSeconds, InterleavedRunFixture.Duration.TotalSeconds - 0.1, InterleavedRunFixture.Duration.TotalSeconds + 1.5);
    }

    [Fact]
    public void Run_PerThreadCounters_SumToTotalOpsAndToTheRounds()
    {
        foreach (PatchTarget t in Engine.Targets)
        {
            Assert.Equal(2, t.Stats.Length);
            Assert.All(t.Stats, s => Assert.True(s.TotalOps > 0, $"{t}: a worker did nothing"));
            Assert.Equal(t.TotalOps, t.Stats.Sum(s => s.TotalOps));
            foreach (WorkerStats s in t.Stats)
            {
                long byKind = 0;
                for (int op = 0; op < OpNames.OpCount; op++)
                {
                    for (int r = 0; r < OpNames.ResultCount; r++)
                        byKind += s.Ops((OpKind)op, (OpResult)r);
                }
                Assert.Equal(s.TotalOps, byKind);
            }
            Assert.Equal(t.TotalOps, t.Rounds.Sum(r => r.Ops));
            Assert.True(t.TotalLookups >= t.TotalOps / 2, $"{t}: {t.TotalLookups} lookups for {t.TotalOps} ops");
            output.WriteLine($"{t}: {t.TotalOps} ops ({string.Join(" + ", t.Stats.Select(s => s.TotalOps))})");
        }
    }

    [Fact]
    public void Run_FixedPatches_NoHitsAndFsckClean()
    {
        foreach (PatchTarget t in Engine.Targets)
        {
            Assert.Equal(0, t.Dcache.bug.TotalHits);
            Runs.AssertFsckClean(t);
        }
    }
}

/// <summary>Stop and seed behaviour (each test runs its own engine).</summary>
public sealed class EngineControlTests(ITestOutputHelper output)
{
    [Fact]
    public void RequestStop_DuringLongRun_EndsItEarly()
    {
        var engine = new StressEngine(new StressOptions
        {
            Patches = ["v4.7"],
            Threads = 2,
            Duration = TimeSpan.FromSeconds(60),
            Round = TimeSpan.FromSeconds(10),
            Warmup = TimeSpan.Zero,
            Seed = Runs.Seed,
        });
        var sw = Stopwatch.StartNew();
        var runner = new Thread(engine.Run) { IsBackground = true, Name = "engine" };
        runner.Start();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(engine.Current is not null && engine.Targets[0].TotalOps > 100) && DateTime.UtcNow < deadline)
            Thread.Sleep(5);
        Assert.NotNull(engine.Current);

        engine.RequestStop();

        Assert.True(runner.Join(TimeSpan.FromSeconds(20)), "Run did not return after RequestStop");
        output.WriteLine($"stopped after {sw.Elapsed.TotalSeconds:F2} s, {engine.Targets[0].TotalOps} ops");
        Assert.True(engine.StopRequested);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(45), $"took {sw.Elapsed}");
        Assert.True(engine.Elapsed < TimeSpan.FromSeconds(45), $"engine elapsed {engine.Elapsed}");
        Assert.Equal(0, engine.UnstoppableThreads);
        Assert.Null(engine.Current);
        Assert.Single(engine.Targets[0].Rounds);
        Runs.AssertFsckClean(engine.Targets[0]);
        engine.Dispose();
    }

    /// <summary>
    /// One op in 128 is handed to the latency sampler; with one thread and no race windows the
    /// kinds of the sampled ops are a deterministic function of the seed. Runs last a wall-clock
    /// time, so two runs do different numbers of ops: compare the common prefix.
    /// </summary>
    private static List<OpKind> SampledOps(ulong seed)
    {
        var sampled = new List<OpKind>();
        var engine = new StressEngine(new StressOptions
        {
            Patches = ["v4.7"],
            Workload = WorkloadKind.LookupHot,
            Churn = 0.3,
            Fanout = 3,
            Depth = 2,
            Threads = 1,
            RaceWindows = false,
            Duration = TimeSpan.FromSeconds(1),
            Round = TimeSpan.FromSeconds(1),
            Warmup = TimeSpan.Zero,
            Seed = seed,
        })
        {
            LatencySampler = (_, op, _) => sampled.Add(op), // one worker: no concurrent adds
        };
        engine.Run();
        Assert.Equal(0, engine.UnstoppableThreads);
        Assert.True(sampled.Count >= 50, $"only {sampled.Count} sampled ops");
        return sampled;
    }

    private static Dictionary<OpKind, int> CountByKind(IEnumerable<OpKind> ops) =>
        ops.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public void Run_SameSeedOneThreadNoRaceWindows_SameOpSequence()
    {
        var first = SampledOps(Runs.Seed);
        var second = SampledOps(Runs.Seed);
        var other = SampledOps(Runs.Seed + 1);

        int n = Math.Min(first.Count, second.Count);
        output.WriteLine($"sampled {first.Count} and {second.Count} ops; comparing the first {n}");
        Assert.Equal(first.Take(n), second.Take(n));
        Assert.Equal(CountByKind(first.Take(n)), CountByKind(second.Take(n)));
        Assert.True(CountByKind(first.Take(n)).Count >= 2, "the churn mix produced a single op kind");

        int m = Math.Min(n, other.Count);
        Assert.NotEqual(first.Take(m), other.Take(m)); // the seed matters
    }
}
