// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Workload.Explore;

namespace DcacheStress.Workload.Tests.Explore;

/// <summary>
/// Explore on Lustre: every wait of the model (the MDS's wait for a cancel, the ldlm_bl thread's
/// queue, the MDS's directory lock) is a scheduling point and each mount's ldlm_bl thread is a
/// controlled task, so executions end (no hang, no deadlock) and replay exactly. lustre-v4.7's I1
/// is found, shrunk and replayed through its file; the fixes stay clean on the same budget.
/// </summary>
public sealed class LustreExploreTests(ITestOutputHelper output)
{
    private static readonly string[] I1 = ["ll_lookup_it_finish.positive", "d_instantiate.aliased", "d_add.owner"];

    private static Patch P(string name)
    {
        Assert.True(PatchCatalog.TryCreate(name, out Patch p));
        return p;
    }

    private ExploreResult Explore(string patch, long budget)
    {
        Assert.True(ScenarioCatalog.TryGet("lustre-two-openers", out var scenario));
        var r = new Explorer(new ExploreOptions
        {
            Patch = P(patch), Scenario = scenario, MaxExecutions = budget, Seed = 1, Depth = 5,
        }).Run(TestContext.Current.CancellationToken);
        output.WriteLine($"{patch}: {r.Executions} executions, k={r.MaxK}, {r.Seconds:F2} s, finding {r.Finding?.Invariant ?? "none"}");
        return r;
    }

    [Fact]
    public void Explore_LustreV47_FindsI1_ShrinksAndTheScheduleFileReplaysToTheSameHit()
    {
        var r = Explore("lustre-v4.7", 3000);
        var f = Assert.IsType<ExploreFinding>(r.Finding);
        Assert.Contains(f.Invariant, I1);
        Assert.True(f.ShrunkSwitches.Count(s => s.Preemption) <= f.Switches.Count(s => s.Preemption));

        var first = ScheduleReplay.Run(P("lustre-v4.7"), f.ShrunkProgram, f.ShrunkSwitches);
        Assert.Equal(["A", "B", "C", "ldlm_bl_01@mnt1", "ldlm_bl_01@mnt2"], first.Result.Names);
        var file = ScheduleFile.Parse(new ScheduleFile("lustre-v4.7", f.Invariant, f.ShrunkProgram, f.ShrunkSwitches, "test")
        { KernelThreads = [.. first.Result.Names.Skip(f.ShrunkProgram.Threads.Count)] }.ToJson());
        Assert.Equal(["ldlm_bl_01@mnt1", "ldlm_bl_01@mnt2"], file.KernelThreads);
        Assert.Equal(f.ShrunkSwitches, file.Switches);
        for (int i = 0; i < 3; i++)
        {
            var replay = ScheduleReplay.Run(P(file.Patch), file.Program, file.Switches);
            Assert.Equal(f.Invariant, replay.Finding);
            Assert.Equal(f.ShrunkSwitches, replay.Result.Switches); // the very same interleaving
        }
        var lines = InterleavingText.Lines(first.Result);
        foreach (var l in lines)
            output.WriteLine(l);
        // The creator's MDS request waits for the cancel, which mount 1's ldlm_bl task runs.
        Assert.Contains(lines, l => l.Contains("waits at wait_cancelled", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("ldlm_bl_01@mnt1", StringComparison.Ordinal) && l.Contains("[ll_md_blocking_ast:canceling]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("lustre-99f1c01319")]
    [InlineData("lustre-dcompare-inlookup")]
    public void Explore_LustreFix_SameScenario_NoHitNoDeadlockAndABound(string patch)
    {
        var r = Explore(patch, 400);
        Assert.Null(r.Finding);
        Assert.Equal(400, r.Executions);
        Assert.Equal(0, r.Faults);
        Assert.Equal(0, r.Deadlocks);
        Assert.Equal(0, r.StepLimits);
        Assert.InRange(r.MissBound, 0, 1);
    }
}
