// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using DcacheStress.Service.Explore;
using DcacheStress.Service.Fleet;
using DcacheStress.Service.Tests.Support;

namespace DcacheStress.Service.Tests;

/// <summary>Explore on a fleet (issue 17 item 6): task shares of one seed, explore.json, explore merge and fleet submit --mode explore.</summary>
[Collection(StressRunCollection.Name)]
public sealed class ExploreFleetTests
{
    private static readonly string[] s_task = ["explore", "--patch", "v4.7", "--workload", "open-storm", "--budget", "40", "--per-scenario", "20", "--jobs", "1", "--seed", "5", "--quiet"];

    private static async Task<TestCli> RunTask(string dir, int index, int count, params string[] extra)
    {
        var cli = new TestCli(dir);
        int code = await cli.RunAsync([.. s_task, "--fleet-id", "f1", "--task-index", $"{index}", "--task-count", $"{count}", "--report-dir", $"task-{index}", .. extra]);
        Assert.True(code == 0, cli.Stdout + cli.Stderr);
        return cli;
    }

    [Fact]
    public async Task TwoTasks_WriteTheirReports_MergeSumsThem()
    {
        using var tmp = new TempDirectory();
        await RunTask(tmp.Path, 0, 2);
        await RunTask(tmp.Path, 1, 2);
        var a = ExploreReport.Load(Path.Combine(tmp.Path, "task-0", ExploreReport.FileName), out _)!;
        var b = ExploreReport.Load(Path.Combine(tmp.Path, "task-1", ExploreReport.FileName), out _)!;
        Assert.Equal((0, 2), (a.Fleet!.TaskIndex, a.Fleet.TaskCount!.Value));
        Assert.Equal("budget", a.EndReason);

        var merge = new TestCli(tmp.Path);
        Assert.Equal(0, await merge.RunAsync("explore", "merge", ".", "--out-dir", "merged"));
        Assert.Contains("explore merge: 2 report(s) of 2 of fleet f1", merge.Stdout, StringComparison.Ordinal);
        var m = ExploreReport.Load(Path.Combine(tmp.Path, "merged", ExploreReport.FileName), out _)!;
        Assert.Equal(a.Executions + b.Executions, m.Executions);
        Assert.Equal(a.Programs + b.Programs, m.Programs);
        Assert.Equal(Math.Max(a.MaxSteps, b.MaxSteps), m.MaxSteps);
    }

    [Fact]
    public async Task Merge_MissingOrTwiceOrOtherSettings_RefusedInOneLineEach()
    {
        using var tmp = new TempDirectory();
        await RunTask(tmp.Path, 0, 3);
        await RunTask(tmp.Path, 2, 3, "--depth", "4");

        var missing = new TestCli(tmp.Path);
        Assert.Equal(2, await missing.RunAsync("explore", "merge", "task-0"));
        Assert.Contains("tasks 1, 2 of 3 are missing", missing.Stderr, StringComparison.Ordinal);

        var partial = new TestCli(tmp.Path);
        Assert.Equal(0, await partial.RunAsync("explore", "merge", "task-0", "--allow-partial"));

        var twice = new TestCli(tmp.Path);
        Assert.Equal(2, await twice.RunAsync("explore", "merge", "task-0", "task-0/explore.json", "--allow-partial"));
        Assert.Contains("given 2 times", twice.Stderr, StringComparison.Ordinal);

        var other = new TestCli(tmp.Path);
        Assert.Equal(2, await other.RunAsync("explore", "merge", ".", "--allow-partial"));
        Assert.Contains("mix d=4", other.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(tmp.Path, "merged")));
    }

    [Fact]
    public async Task Fleet_FromSlurmEnvironment_NeedsSeedAndTakesItsShare()
    {
        using var tmp = new TempDirectory();
        var env = new Dictionary<string, string> { ["SLURM_ARRAY_JOB_ID"] = "77", ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "4" };
        var noSeed = new TestCli(tmp.Path, env);
        Assert.Equal(2, await noSeed.RunAsync("explore", "--patch", "v4.7", "--budget", "10", "--jobs", "1"));
        Assert.StartsWith("error: --seed: fleet '77' task 1", noSeed.Stderr, StringComparison.Ordinal);

        var cli = new TestCli(tmp.Path, env);
        Assert.Equal(0, await cli.RunAsync("explore", "--patch", "v4.7", "--budget", "10", "--jobs", "1", "--seed", "3", "--report-dir", "r", "--quiet"));
        Assert.Contains("fleet 77 task 1 of 4: programs 1, 5, ...", cli.Stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.Path, "r", ExploreReport.FileName)));
        Assert.Equal("slurm", doc.RootElement.GetProperty("fleet").GetProperty("engine").GetString());
    }

    [Fact]
    public async Task Stop_MidRun_StillWritesTheReportWithEndReasonSignal()
    {
        using var tmp = new TempDirectory();
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        var cli = new TestCli(tmp.Path, stop: stop.Token);
        // A clean patch: v4.7's residual race is found within the 800 ms at race-site change points.
        Assert.Equal(0, await cli.RunAsync("explore", "--patch", "v4.7-no-exact-alias", "--budget", "10m", "--jobs", "1", "--report-dir", "r", "--quiet"));
        Assert.Contains("stopped early: no hit:", cli.Stdout, StringComparison.Ordinal);
        var r = ExploreReport.Load(Path.Combine(tmp.Path, "r", ExploreReport.FileName), out _)!;
        Assert.Equal("signal", r.EndReason);
        Assert.True(r.Executions > 0);
    }

    [Fact]
    public void ProgramIndex_TasksAndJobsDealOneSeedsProgramsOutExactlyOnce()
    {
        // 3 tasks x 2 jobs explore exactly the programs one run with 6 jobs would: each index once.
        var seen = new List<long>();
        for (int task = 0; task < 3; task++)
            for (int job = 0; job < 2; job++)
                for (long i = 0; i < 10; i++)
                    seen.Add(Workload.Explore.Explorer.ProgramIndex(task, 3, job, 2, i));
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), seen.Order());
    }

    [Fact]
    public async Task Submit_ModeExplore_WritesAnExploreArrayAndRefusesFleetOwnedOptions()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        Assert.Equal(0, await cli.RunAsync("fleet", "submit", "--mode", "explore", "--tasks", "3", "--dir", "fx", "--dry-run",
            "--", "--patch", "viro-2016-07-03", "--budget", "10m", "--seed", "9"));
        string script = File.ReadAllText(Path.Combine(tmp.Path, "fx", "fleet.sbatch"));
        Assert.Contains("exec \"${harness[@]}\" explore --patch viro-2016-07-03 --budget 10m --seed 9 --report-dir \"$task_dir\"\n", script, StringComparison.Ordinal);
        Assert.Contains("explore.json", script, StringComparison.Ordinal);
        Assert.Equal("explore", FleetRecord.TryLoad(Path.Combine(tmp.Path, "fx", "fleet.json"))!.Mode);

        var owned = new TestCli(tmp.Path);
        Assert.Equal(2, await owned.RunAsync("fleet", "submit", "--mode", "explore", "--tasks", "3", "--dir", "fy", "--dry-run",
            "--", "--patch", "v4.7", "--seed", "9", "--task-index", "1"));
        Assert.Contains("--task-index is set by the fleet per task", owned.Stderr, StringComparison.Ordinal);

        var bad = new TestCli(tmp.Path);
        Assert.Equal(2, await bad.RunAsync("fleet", "submit", "--mode", "explore", "--tasks", "3", "--dir", "fz", "--dry-run",
            "--", "--patch", "v4.7", "--seed", "9", "--strategy", "dfs"));
        Assert.Contains("explore options after --: --strategy: unknown strategy 'dfs'", bad.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(tmp.Path, "fz")));
    }
}
