// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Workload.Explore;

namespace DcacheStress.Workload.Tests.Explore;

/// <summary>
/// Issue 17: Viro's 2016-07-03 patch is found from generated (race-shaped) programs, the finding
/// shrinks, and its schedule file replays to the same hit; with change points at every point (the
/// strategy before) the same seed and budget find nothing; and at race-site change points k is a
/// fraction of k at every point, so PCT's bound per execution is far larger. The default strategy
/// (PCT and the random walk by turns) finds it from the first programs of a seed where PCT alone,
/// with the same seed and budget, finds nothing.
/// </summary>
public sealed class ViroFromGeneratedTests(ITestOutputHelper output)
{
    private static Patch P(string name)
    {
        Assert.True(PatchCatalog.TryCreate(name, out Patch p));
        return p;
    }

    // PCT: seed 3 finds it in program race#2 after 285 executions (measured); the budget leaves room.
    private static ExploreOptions Options(ChangePoints points) => new()
    {
        Patch = P("viro-2016-07-03"), Shape = ProgramShape.Race, Threads = 4, Ops = 1, Names = 1,
        Seed = 3, Jobs = 1, Depth = 3, MaxExecutions = 400, Points = points, Strategy = "pct", PerProgram = 100,
    };

    private static readonly string[] s_viroHits = ["d_add.owner", "d_rehash.hashed", "d_splice_alias.hashed"];

    [Fact]
    public void Explore_ViroPatch_GeneratedRacePrograms_FindsShrinksAndReplays()
    {
        var r = new Explorer(Options(ChangePoints.Sites)).Run(TestContext.Current.CancellationToken);
        var f = Assert.IsType<ExploreFinding>(r.Finding);
        output.WriteLine($"{f.Invariant} after {r.Executions} executions in {f.Program.Name}; shrunk to {f.ShrunkProgram.OpCount} ops");
        Assert.Contains(f.Invariant, s_viroHits);
        Assert.StartsWith("race#", f.Program.Name, StringComparison.Ordinal); // generated, not a repro scenario
        Assert.True(f.ShrunkProgram.OpCount <= f.Program.OpCount);

        var file = ScheduleFile.Parse(new ScheduleFile("viro-2016-07-03", f.Invariant, f.ShrunkProgram, f.ShrunkSwitches, "test").ToJson());
        var replay = ScheduleReplay.Run(P(file.Patch), file.Program, file.Switches);
        Assert.Equal(f.Invariant, replay.Finding);
        Assert.Equal(f.ShrunkSwitches, replay.Result.Switches);
    }

    [Fact]
    public void Explore_ViroPatch_ChangePointsAtEveryPoint_SameSeedAndBudgetFindNothing()
    {
        // The strategy before --points sites: the same programs, seed and budget miss it (1 000 did too).
        var r = new Explorer(Options(ChangePoints.All)).Run(TestContext.Current.CancellationToken);
        output.WriteLine($"all points: {r.Executions} executions, k={r.MaxK}, finding {r.Finding?.Invariant ?? "none"}");
        Assert.Null(r.Finding);
    }

    [Fact]
    public void Explore_ViroPatch_DefaultMixFindsItWithinABudgetWherePctAloneFindsNothing()
    {
        // Seed 1: PCT alone (100 executions a program) first hits after 2 506 executions, in race#25;
        // the default (10 a program, PCT and the random walk by turns) within tens (measured: 28).
        ExploreOptions With(string strategy, int perProgram) => new()
        {
            Patch = P("viro-2016-07-03"), Shape = ProgramShape.Race, Threads = 4, Ops = 1, Names = 1,
            Seed = 1, Jobs = 1, Depth = 3, MaxExecutions = 150, Strategy = strategy, PerProgram = perProgram, Shrink = false,
        };
        var mix = new Explorer(With("mix", ExploreOptions.DefaultPerProgram)).Run(TestContext.Current.CancellationToken);
        var pct = new Explorer(With("pct", ExploreOptions.DefaultPerProgram)).Run(TestContext.Current.CancellationToken);
        output.WriteLine($"mix: {mix.Finding?.Invariant ?? "none"} after {mix.Executions}; pct: {pct.Finding?.Invariant ?? "none"} in {pct.Executions}");
        Assert.Contains(Assert.IsType<ExploreFinding>(mix.Finding).Invariant, s_viroHits);
        Assert.Null(pct.Finding);
        Assert.Equal(150, pct.Executions);
    }

    [Fact]
    public void Shrink_RandomWalkFinding_SearchFindsFewerPreemptionsThanDroppingAlone()
    {
        // Seed 2 (default strategy): the walk's finding has 24 preemptions; dropping them one at a
        // time stops at 4 (each drop moves the later switches); the pb search then finds 2 (measured).
        var r = new Explorer(new ExploreOptions
        {
            Patch = P("viro-2016-07-03"), Shape = ProgramShape.Race, Threads = 4, Ops = 1, Names = 1,
            Seed = 2, Jobs = 1, MaxExecutions = 200, Shrink = false,
        }).Run(TestContext.Current.CancellationToken);
        var f = Assert.IsType<ExploreFinding>(r.Finding);
        using var runner = new ProgramRunner(P("viro-2016-07-03"), f.Program.Threads.Count);
        var dropped = new Shrinker(runner, searchExecutions: 0).Shrink(f.Program, f.Switches, f.Invariant);
        var searched = new Shrinker(runner).Shrink(f.Program, f.Switches, f.Invariant);
        int Preemptions(IReadOnlyList<ScheduleSwitch> s) => s.Count(x => x.Preemption);
        output.WriteLine($"found {Preemptions(f.Switches)}, dropping {Preemptions(dropped.Switches)}, with the search {Preemptions(searched.Switches)}");
        Assert.True(Preemptions(searched.Switches) < Preemptions(dropped.Switches));
        Assert.True(Preemptions(searched.Switches) <= 3);
        var replay = ScheduleReplay.Run(P("viro-2016-07-03"), searched.Program, searched.Switches);
        Assert.Equal(f.Invariant, replay.Finding);
        Assert.Equal(searched.Switches, replay.Result.Switches);
    }

    [Fact]
    public void Explore_SameScenario_KAtSitesIsAFractionOfKAtEveryPoint()
    {
        // PCT's bound 1/(n·k^(d−1)): 100 executions of the `ls` scenario on v4.7 (clean there), k in candidate points.
        Assert.True(ScenarioCatalog.TryGet("viro-ls-opendir", out var ls));
        ExploreResult Run(ChangePoints points) => new Explorer(new ExploreOptions
        {
            Patch = P("v4.7"), Scenario = ls, Seed = 11, Jobs = 1, Depth = 3, MaxExecutions = 100, Points = points, Shrink = false,
        }).Run(TestContext.Current.CancellationToken);
        var sites = Run(ChangePoints.Sites);
        var all = Run(ChangePoints.All);
        output.WriteLine($"k: sites {sites.MaxK}, all {all.MaxK}; miss bounds {sites.MissBound:G3} vs {all.MissBound:G3}");
        Assert.True(sites.MaxK * 4 < all.MaxK, $"k sites {sites.MaxK}, all {all.MaxK}");
        Assert.True(sites.MissBound < all.MissBound);
    }
}
