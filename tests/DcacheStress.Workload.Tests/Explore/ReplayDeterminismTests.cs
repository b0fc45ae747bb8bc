// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Workload.Explore;

namespace DcacheStress.Workload.Tests.Explore;

/// <summary>
/// An execution and the replay of its switches run the same points in the same order, step for
/// step — also when another execution ran in between (the step clock once leaked a previous
/// execution's length into the next world's attribute and access caches).
/// </summary>
public sealed class ReplayDeterminismTests
{
    [Theory]
    [InlineData("v4.7-rc6", "rc6-two-openers")]
    [InlineData("v4.7", "exact-alias-rehash")]
    public void Replay_AfterOtherExecutions_SameTraceStepForStep(string patch, string scenario)
    {
        Assert.True(PatchCatalog.TryCreate(patch, out Patch p));
        Assert.True(ScenarioCatalog.TryGet(scenario, out var program));
        using var runner = new ProgramRunner(p, program.Threads.Count);
        for (ulong seed = 1; seed <= 15; seed++)
        {
            var a = runner.Run(program, new PctStrategy(seed, 3, 200), trace: true);
            runner.Run(program, new PctStrategy(seed + 1000, 2, 200)); // a different length in between
            var b = runner.Run(program, new ReplayStrategy(a.Result.Switches), trace: true);
            Assert.Equal(a.Result.Trace!, b.Result.Trace!);
            Assert.Equal(a.Finding, b.Finding);
        }
    }
}
