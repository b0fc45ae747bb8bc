// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Tests.Support;

namespace DcacheStress.Service.Tests;

/// <summary><c>explore</c> and <c>repro --schedule</c>: find, write, replay; bad input.</summary>
[Collection(StressRunCollection.Name)]
public sealed class ExploreCliTests
{
    [Fact]
    public async Task Explore_BrokenPatch_WritesAScheduleThatReproReplaysToTheSameHit()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        int code = await cli.RunAsync("explore", "--patch", "v4.7-rc6", "--scenario", "rc6-two-openers", "--budget", "2000",
            "--jobs", "1", "--out", "found.json");
        Assert.True(code == 0, cli.Stdout + cli.Stderr);
        Assert.Contains("HIT d_add.owner", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("replayed: same hit", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("d_alloc_parallel", cli.Stdout, StringComparison.Ordinal); // the interleaving, in kernel terms
        string file = Path.Combine(tmp.Path, "found.json");
        Assert.True(File.Exists(file));

        var replay = new TestCli(tmp.Path);
        Assert.Equal(0, await replay.RunAsync("repro", "--schedule", "found.json"));
        Assert.Contains("schedule vs v4.7-rc6: HIT d_add.owner", replay.Stdout, StringComparison.Ordinal);
        Assert.Contains(" OK", replay.Stdout, StringComparison.Ordinal);

        var fixedPatch = new TestCli(tmp.Path);
        Assert.Equal(1, await fixedPatch.RunAsync("repro", "--schedule", "found.json", "--patch", "v4.7", "--quiet"));
        Assert.Contains("clean", fixedPatch.Stdout, StringComparison.Ordinal);
        Assert.Contains("MISMATCH", fixedPatch.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explore_LustrePatch_FindsI1AndTheScheduleNamesItsLdlmBlTasksAndReplays()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        int code = await cli.RunAsync("explore", "--patch", "lustre-v4.7", "--scenario", "lustre-two-openers", "--depth", "5",
            "--budget", "3000", "--jobs", "1", "--out", "lustre.json");
        Assert.True(code == 0, cli.Stdout + cli.Stderr);
        Assert.Contains("HIT d_add.owner", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("ldlm_bl_01@mnt1", cli.Stdout, StringComparison.Ordinal); // the callback thread is a task of the interleaving
        Assert.Contains("\"kernel_threads\"", File.ReadAllText(Path.Combine(tmp.Path, "lustre.json")), StringComparison.Ordinal);

        var replay = new TestCli(tmp.Path);
        Assert.Equal(0, await replay.RunAsync("repro", "--schedule", "lustre.json", "--quiet"));
        Assert.Contains("schedule vs lustre-v4.7: HIT d_add.owner", replay.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explore_FixedPatch_PrintsExecutionsAndTheBound()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        Assert.Equal(0, await cli.RunAsync("explore", "--patch", "v4.7", "--scenario", "rc6-two-openers", "--budget", "200", "--jobs", "2"));
        Assert.Contains("no hit: 200 executions", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("PCT bound", cli.Stdout, StringComparison.Ordinal);
        // The default (mix) runs PCT in every other execution of a job: the bound counts those.
        Assert.Contains("P(all 50 PCT executions (of 100) of a scenario missed it)", cli.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pct", "P(all 100 executions of a scenario missed it)")]
    [InlineData("random", null)]
    public async Task Explore_FixedPatch_TheBoundCountsPctExecutionsOnly(string strategy, string? bound)
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        Assert.Equal(0, await cli.RunAsync("explore", "--patch", "v4.7", "--scenario", "rc6-two-openers", "--budget", "200", "--jobs", "2", "--strategy", strategy));
        Assert.Contains(strategy == "random" ? "strategy random at sites points" : "strategy pct d=3", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("no hit: 200 executions", cli.Stdout, StringComparison.Ordinal);
        if (bound is null)
            Assert.DoesNotContain("PCT bound", cli.Stdout, StringComparison.Ordinal); // the walk has none
        else
            Assert.Contains(bound, cli.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("explore", "--scenario", "rc6-two-openers")]
    [InlineData("explore", "--patch", "nope")]
    [InlineData("explore", "--patch", "v4.7", "--threads", "9")]
    [InlineData("explore", "--patch", "v4.7", "--budget", "soon")]
    [InlineData("explore", "--patch", "v4.7", "--strategy", "dfs")]
    [InlineData("explore", "--patch", "v4.7", "--points", "some")]
    [InlineData("explore", "--patch", "v4.7", "--shape", "zigzag")]
    [InlineData("explore", "--patch", "v4.7", "--shape", "race", "--scenario", "rc6-two-openers")]
    [InlineData("explore", "--patch", "v4.7", "--scenario", "x", "--workload", "racer")]
    [InlineData("repro", "--schedule", "missing.json")]
    public async Task BadInput_OneLineErrorExitTwo(params string[] args)
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        Assert.Equal(2, await cli.RunAsync(args));
        Assert.StartsWith("error: ", cli.Stderr, StringComparison.Ordinal);
        Assert.Single(cli.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Help_NamesEveryOption()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        Assert.Equal(0, await cli.RunAsync("explore", "--help"));
        foreach (string o in new[] { "--patch", "--scenario", "--workload", "--threads", "--shape", "--points", "--strategy", "--depth", "--budget", "--seed", "--jobs", "--out" })
            Assert.Contains(o, cli.Stdout, StringComparison.Ordinal);
    }
}
