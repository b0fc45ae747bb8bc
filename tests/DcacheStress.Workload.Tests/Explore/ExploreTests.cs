// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Workload.Explore;

namespace DcacheStress.Workload.Tests.Explore;

/// <summary>
/// Explore end to end on small budgets: a broken patch is found and the shrunk schedule replays
/// to the same hit (also through its file); a fixed patch stays clean; with detection off the
/// same exploration finds nothing (so the first test would fail).
/// </summary>
public sealed class ExploreTests(ITestOutputHelper output)
{
    private static Patch P(string name)
    {
        Assert.True(PatchCatalog.TryCreate(name, out Patch p));
        return p;
    }

    private static ExploreProgram S(string name)
    {
        Assert.True(ScenarioCatalog.TryGet(name, out var p));
        return p;
    }

    private ExploreResult Explore(string patch, string scenario, long budget, bool detection = true)
    {
        var r = new Explorer(new ExploreOptions
        {
            Patch = P(patch), Scenario = S(scenario), MaxExecutions = budget, Seed = 1, Depth = 3, Detection = detection,
        }).Run(TestContext.Current.CancellationToken);
        output.WriteLine($"{patch} / {scenario}: {r.Executions} executions, k={r.MaxK}, {r.Seconds:F2} s, finding {r.Finding?.Invariant ?? "none"}");
        return r;
    }

    [Theory]
    [InlineData("v4.7-rc6", "rc6-two-openers")]
    [InlineData("v4.7", "exact-alias-rehash")]
    public void Explore_BrokenPatch_FindsShrinksAndTheScheduleFileReplaysToTheSameHit(string patch, string scenario)
    {
        var r = Explore(patch, scenario, 2000);
        var f = Assert.IsType<ExploreFinding>(r.Finding);
        Assert.True(f.ShrunkProgram.OpCount <= f.Program.OpCount);
        Assert.True(f.ShrunkSwitches.Count(s => s.Preemption) <= f.Switches.Count(s => s.Preemption));

        var file = ScheduleFile.Parse(new ScheduleFile(patch, f.Invariant, f.ShrunkProgram, f.ShrunkSwitches, "test").ToJson());
        Assert.Equal(f.ShrunkSwitches, file.Switches);
        for (int i = 0; i < 3; i++)
        {
            var replay = ScheduleReplay.Run(P(file.Patch), file.Program, file.Switches);
            Assert.Equal(f.Invariant, replay.Finding);
            Assert.Equal(f.ShrunkSwitches, replay.Result.Switches); // the very same interleaving
        }
        var lines = InterleavingText.Lines(file.Program, ScheduleReplay.Run(P(patch), file.Program, file.Switches).Result.Trace!);
        foreach (var l in lines)
            output.WriteLine(l);
        Assert.Contains(lines, l => l.Contains("d_alloc_parallel", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("v4.7", "rc6-two-openers")]
    [InlineData("v4.7-no-exact-alias", "exact-alias-rehash")]
    public void Explore_FixedPatch_SmallBudget_NoHitAndABound(string patch, string scenario)
    {
        var r = Explore(patch, scenario, 300);
        Assert.Null(r.Finding);
        Assert.Equal(300, r.Executions);
        Assert.Equal(0, r.Faults);
        Assert.InRange(r.MissBound, 0, 1);
        Assert.Contains("no hit: 300 executions", r.CleanLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_DetectionOff_SameBudgetFindsNothingAndTheScheduleReplaysClean()
    {
        var on = Explore("v4.7-rc6", "rc6-two-openers", 2000);
        var f = Assert.IsType<ExploreFinding>(on.Finding);
        var off = Explore("v4.7-rc6", "rc6-two-openers", on.Executions, detection: false);
        Assert.Null(off.Finding);
        var replay = ScheduleReplay.Run(P("v4.7-rc6"), f.ShrunkProgram, f.ShrunkSwitches, detection: false);
        Assert.False(replay.Hit);
    }

    [Fact]
    public void Generated_SameSeedSameProgram_AndWithinTheAskedShape()
    {
        var g = new ProgramGenerator(WorkloadKind.Racer, 3, 2, 2, 5);
        Assert.Equal(g.Generate(7), g.Generate(7), ProgramComparer.Instance);
        var p = g.Generate(7);
        Assert.Equal(3, p.Threads.Count);
        Assert.All(p.Threads, t => Assert.Equal(2, t.Count));
        Assert.All(p.Threads.SelectMany(t => t), o => Assert.InRange(o.Mount, 0, 1));
    }

    [Fact]
    public void Generated_ExploreRunsOnEveryJobAndMerges()
    {
        var r = new Explorer(new ExploreOptions
        {
            Patch = P("v4.7"), Workload = WorkloadKind.Racer, Threads = 2, Ops = 2, Names = 2, PerProgram = 20,
            MaxExecutions = 120, Jobs = 2, Seed = 3,
        }).Run(TestContext.Current.CancellationToken);
        Assert.Equal(120, r.Executions);
        Assert.Equal(6, r.Programs);
    }

    [Fact]
    public void Mix_ItsPctHalfIsPctItselfWithTheSameSeed()
    {
        // The bound a mix run states over its PCT half holds because that half is PCT: execution
        // 2i of mix interleaves as execution i of --strategy pct with the same seed. (Had PCT learnt
        // its k from the walk's executions too, its change points would move: this test failed so.)
        ExploreProgram program = new("viro-race", [NameStart.Absent],
            [[new ExploreOp(OpKind.Open, 0, 0)], [new ExploreOp(OpKind.Open, 0, 0)], [new ExploreOp(OpKind.Open, 0, 0)],
             [new ExploreOp(OpKind.Readdir, 0, 0, 0, Entry: true)]]);
        using var runner = new ProgramRunner(P("viro-2016-07-03"), program.Threads.Count);
        var mix = new MixedStrategy(7, 3, 16, ChangePoints.Sites);
        var pct = new PctStrategy(7, 3, 16, ChangePoints.Sites);
        long walkK = 0, pctK = 0;
        for (int i = 0; i < 40; i++)
        {
            var m = runner.Run(program, mix);
            walkK = Math.Max(walkK, runner.Run(program, mix).Result.Candidates); // the walk's turn
            var p = runner.Run(program, pct);
            pctK = Math.Max(pctK, p.Result.Candidates);
            Assert.Equal(p.Result.Switches, m.Result.Switches);
        }
        output.WriteLine($"k: PCT {pctK}, walk {walkK}");
    }

    [Fact]
    public void ScheduleFile_Format1_ReplaysWithEveryReleaseWakingEveryWaiter()
    {
        // A schedule found by the format-1 scheduler (each release let every waiter retry): its
        // switches count those retries' points. Read back from a format-1 file it replays the
        // same interleaving to the same hit.
        var program = S("rc6-two-openers");
        using var runner = new ProgramRunner(P("v4.7-rc6"), program.Threads.Count) { WakeAll = true };
        var strategy = new PctStrategy(1, 3, 16, ChangePoints.Sites);
        ExecutionOutcome? hit = null;
        for (int i = 0; i < 2000 && hit is null; i++)
        {
            var o = runner.Run(program, strategy);
            if (o.Hit)
                hit = o;
        }
        Assert.NotNull(hit);
        string json = new ScheduleFile("v4.7-rc6", hit.Finding!, program, hit.Result.Switches, "test").ToJson()
            .Replace(ScheduleFile.Format, ScheduleFile.Format1, StringComparison.Ordinal);
        var file = ScheduleFile.Parse(json);
        Assert.True(file.WakeAll);
        var replay = ScheduleReplay.Run(P(file.Patch), file.Program, file.Switches, wakeAll: file.WakeAll);
        Assert.Equal(hit.Finding, replay.Finding);
        Assert.Equal(hit.Result.Switches, replay.Result.Switches);
        Assert.False(ScheduleFile.Parse(new ScheduleFile("v4.7-rc6", hit.Finding!, program, hit.Result.Switches, "test").ToJson()).WakeAll);
    }

    [Fact]
    public void ScheduleFile_BadInput_OneLineFormatError()
    {
        var e = Assert.Throws<FormatException>(() => ScheduleFile.Parse("{\"format\":\"x\"}"));
        Assert.Contains("not dcachestress-schedule/2 (or dcachestress-schedule/1)", e.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ScheduleFile.Parse("not json"));
        Assert.DoesNotContain('\n', e.Message);
    }

    private sealed class ProgramComparer : IEqualityComparer<ExploreProgram>
    {
        public static readonly ProgramComparer Instance = new();

        public bool Equals(ExploreProgram? x, ExploreProgram? y) =>
            x!.Name == y!.Name && x.Names.SequenceEqual(y.Names) && x.Threads.Count == y.Threads.Count
            && x.Threads.Zip(y.Threads).All(p => p.First.SequenceEqual(p.Second));

        public int GetHashCode(ExploreProgram obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
