// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Workload.Explore;

namespace DcacheStress.Workload.Tests.Explore;

/// <summary>
/// Issue 17: Viro's 2016-07-03 patch is found from generated (race-shaped) programs, the finding
/// shrinks, and its schedule file replays to the same hit; with change points at every point (the
/// strategy before race-site change points) the same seed and budget find nothing.
/// </summary>
public sealed class ViroFromGeneratedTests(ITestOutputHelper output)
{
    private static Patch P(string name)
    {
        Assert.True(PatchCatalog.TryCreate(name, out Patch p));
        return p;
    }

    // Seed 3 finds it in program race#2 after 285 executions (measured); the budget leaves room.
    private static ExploreOptions Options(ChangePoints points) => new()
    {
        Patch = P("viro-2016-07-03"), Shape = ProgramShape.Race, Threads = 4, Ops = 1, Names = 1,
        Seed = 3, Jobs = 1, Depth = 3, MaxExecutions = 400, Points = points,
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
    public void Explore_ViroPatch_ChangePointsAtEveryPoint_SameBudgetFindsNothing()
    {
        var r = new Explorer(Options(ChangePoints.All)).Run(TestContext.Current.CancellationToken);
        output.WriteLine($"all points: {r.Executions} executions, k={r.MaxK}, finding {r.Finding?.Invariant ?? "none"}");
        Assert.Null(r.Finding);
    }
}
