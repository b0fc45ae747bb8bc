// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using DcacheStress.Reports.Compare;
using DcacheStress.Reports.Json;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Tests;

/// <summary><c>compare</c>'s integrity checks (issue 15): duplicates, completeness, per-host throughput, --by.</summary>
public sealed class FleetIntegrityTests
{
    /// <summary>A task report of fleet <paramref name="fleet"/> with its identity in options.</summary>
    private static RunReport Task(string fleet, int index, int? count, string? runId = null, string host = "node1",
        string cpu = "Test CPU @ 3.0GHz", string endReason = "duration", string build = "0.1.0+aaaa", string? site = null)
    {
        RunReport r = SampleReports.Small();
        var other = new Dictionary<string, JsonElement>(r.Options.Other ?? [], StringComparer.Ordinal)
        {
            ["run_id"] = El(runId ?? Guid.NewGuid().ToString()),
            ["host"] = El(host),
            ["end_reason"] = El(endReason),
            ["service_version"] = El(build),
            ["labels"] = El(site is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["site"] = site }),
            ["fleet"] = El(new Dictionary<string, object?>
            {
                ["engine"] = "slurm", ["fleet_id"] = fleet, ["task_index"] = index, ["task_count"] = count, ["base_seed"] = 7, ["task_seed"] = 100 + index,
            }),
        };
        return new RunReport
        {
            Version = r.Version, StartedUtc = r.StartedUtc, EndedUtc = r.EndedUtc,
            Machine = SampleReports.Machine(cpu), Options = new RunOptions
            {
                Workload = r.Options.Workload, Threads = r.Options.Threads, DurationSeconds = r.Options.DurationSeconds,
                RoundSeconds = r.Options.RoundSeconds, RaceWindows = r.Options.RaceWindows, Seed = (ulong)(100 + index),
                Patches = r.Options.Patches, MetricsUrl = r.Options.MetricsUrl, Other = other,
            },
            Seed = (ulong)(100 + index), Workload = r.Workload, Patches = r.Patches,
        };
    }

    private static JsonElement El<T>(T value) => JsonSerializer.SerializeToElement(value);

    private static string Save(TempDirectory dir, string name, RunReport report)
    {
        string path = dir.File(name);
        ReportJson.Save(report, path);
        return path;
    }

    private static (int Rc, string Output) Compare(string[] files, CompareOptions? options = null)
    {
        var output = new StringWriter();
        int rc = CompareCommand.Run(files, options ?? new CompareOptions(), output);
        return (rc, output.ToString());
    }

    [Fact]
    public void SameFileTwice_Refused()
    {
        using var dir = new TempDirectory();
        string a = Save(dir, "a/report.json", SampleReports.Small());
        (int rc, string output) = Compare([a, a]);
        Assert.Equal(CompareCommand.ExitBadInput, rc);
        Assert.Contains($"error: {a} is given 2 times", output, StringComparison.Ordinal);
        Assert.DoesNotContain("## Patches", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SameRunIdInACopy_Refused()
    {
        using var dir = new TempDirectory();
        RunReport t = Task("77", 0, 1, runId: "01a2-run");
        string a = Save(dir, "a/report.json", t);
        string b = Save(dir, "copy/report.json", t);
        (int rc, string output) = Compare([a, b]);
        Assert.Equal(CompareCommand.ExitBadInput, rc);
        Assert.Contains($"error: run_id 01a2-run appears in {a} and {b}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void MergedReportBesideItsInput_Refused()
    {
        using var dir = new TempDirectory();
        string t0 = Save(dir, "t0/report.json", Task("77", 0, 2));
        string t1 = Save(dir, "t1/report.json", Task("77", 1, 2));
        Assert.Equal(CompareCommand.ExitOk, CompareCommand.Run([t0, t1], new CompareOptions { OutDir = dir.File("merged") }, new StringWriter()));
        string merged = dir.File("merged/report.json");
        Assert.False(ReportJson.Load(merged).Options.Other!.ContainsKey("run_id"));
        (int rc, string output) = Compare([merged, t0]);
        Assert.Equal(CompareCommand.ExitBadInput, rc);
        Assert.Contains("error: run_id ", output, StringComparison.Ordinal);
        Assert.Contains("(merged from ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SameTaskTwiceWithDifferentRuns_Refused()
    {
        using var dir = new TempDirectory();
        string a = Save(dir, "a/report.json", Task("77", 1, 2));
        string b = Save(dir, "b/report.json", Task("77", 1, 2));
        (int rc, string output) = Compare([a, b]);
        Assert.Equal(CompareCommand.ExitBadInput, rc);
        Assert.Contains("error: fleet 77: task 1 appears 2 times", output, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingTasks_NamedAndRefused_AllowPartialMerges()
    {
        using var dir = new TempDirectory();
        string[] files = [Save(dir, "t0.json", Task("77", 0, 6)), Save(dir, "t3.json", Task("77", 3, 6)), Save(dir, "t4.json", Task("77", 4, 6))];
        (int rc, string output) = Compare(files);
        Assert.Equal(CompareCommand.ExitBadInput, rc);
        Assert.Contains("error: fleet 77: 3 of 6 tasks missing: 1-2, 5 (no report.json for them); pass --allow-partial", output, StringComparison.Ordinal);

        (rc, output) = Compare(files, new CompareOptions { AllowPartial = true });
        Assert.Equal(CompareCommand.ExitOk, rc);
        Assert.Contains("warning: fleet 77: 3 of 6 tasks missing: 1-2, 5", output, StringComparison.Ordinal);
        Assert.Contains("## Patches", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CompleteFleet_MergedOpsAreTheSum_SignalledTaskNoted()
    {
        using var dir = new TempDirectory();
        RunReport[] tasks = [Task("77", 0, 3), Task("77", 1, 3, endReason: "signal"), Task("77", 2, 3)];
        string[] files = [.. tasks.Select((t, i) => Save(dir, $"task-{i}/report.json", t))];
        var output = new StringWriter();
        int rc = CompareCommand.Run(files, new CompareOptions { OutDir = dir.File("merged") }, output);
        Assert.Equal(CompareCommand.ExitOk, rc);
        Assert.Contains("note: fleet 77: all 3 tasks present", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("note: fleet 77: task 1 ended by signal", output.ToString(), StringComparison.Ordinal);
        RunReport merged = ReportJson.Load(dir.File("merged/report.json"));
        foreach (PatchResult p in merged.Patches)
            Assert.Equal(tasks.Sum(t => t.Patches.Single(x => x.Name == p.Name).Ops), p.Ops);
        Assert.Equal([0, 1, 2], merged.MergedFrom!.Select(s => s.TaskIndex!.Value));
        Assert.All(merged.MergedFrom!, s => Assert.Equal("77", s.FleetId));
    }

    [Fact]
    public void OldReportsWithoutIdentity_StillMerge()
    {
        using var dir = new TempDirectory();
        (int rc, _) = Compare([Save(dir, "a.json", SampleReports.Small()), Save(dir, "b.json", SampleReports.Small())]);
        Assert.Equal(CompareCommand.ExitOk, rc);
    }

    [Fact]
    public void TwoHosts_ThroughputByHostTable()
    {
        using var dir = new TempDirectory();
        string a = Save(dir, "a.json", Task("77", 0, 2, host: "node1", cpu: "CPU A"));
        string b = Save(dir, "b.json", Task("77", 1, 2, host: "node2", cpu: "CPU B"));
        (int rc, string output) = Compare([a, b]);
        Assert.Equal(CompareCommand.ExitOk, rc);
        Assert.Contains("## Throughput by host", output, StringComparison.Ordinal);
        Assert.Contains("| node1 | CPU A | 1 |", output, StringComparison.Ordinal);
        Assert.Contains("| node2 | CPU B | 1 |", output, StringComparison.Ordinal);
        (_, string single) = Compare([Save(dir, "c.json", Task("78", 0, 1))]);
        Assert.DoesNotContain("## Throughput by host", single, StringComparison.Ordinal);
    }

    [Fact]
    public void ByBuild_OnePatchAcrossTwoBuilds_KeptApart()
    {
        using var dir = new TempDirectory();
        string[] files =
        [
            Save(dir, "old0.json", Task("1", 0, 2, build: "0.1.0+old")), Save(dir, "old1.json", Task("1", 1, 2, build: "0.1.0+old")),
            Save(dir, "new0.json", Task("2", 0, 2, build: "0.1.0+new")), Save(dir, "new1.json", Task("2", 1, 2, build: "0.1.0+new")),
        ];
        var output = new StringWriter();
        int rc = CompareCommand.Run(files, new CompareOptions { By = "build", OutDir = dir.File("merged") }, output);
        Assert.Equal(CompareCommand.ExitOk, rc);
        Assert.Contains("--by build: 2 groups kept apart (0.1.0+old, 0.1.0+new)", output.ToString(), StringComparison.Ordinal);
        RunReport merged = ReportJson.Load(dir.File("merged/report.json"));
        Assert.Equal(["v4.7-rc6@0.1.0+old", "v4.7@0.1.0+old", "v4.7-rc6@0.1.0+new", "v4.7@0.1.0+new"], merged.Patches.Select(p => p.Name));
        Assert.Equal(2 * SampleReports.Small().Patches[1].Ops, merged.Patches.Single(p => p.Name == "v4.7@0.1.0+new").Ops);
        Assert.Contains("v4.7@0.1.0+old vs v4.7@0.1.0+new", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void By_Unknown_Exit2()
    {
        (int rc, string output) = Compare(["x.json"], new CompareOptions { By = "colour" });
        Assert.Equal(CompareCommand.ExitBadInput, rc);
        Assert.Contains("error: --by: 'colour' is not a grouping (allowed: build, host, file, label:KEY)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ByLabel_GroupsByTheLabelValue()
    {
        using var dir = new TempDirectory();
        var a = new SourcedReport("a", Task("1", 0, 2, site: "lab1"));
        var b = new SourcedReport("b", Task("1", 1, 2));
        Assert.Equal("lab1", CompareGrouping.GroupOf(a, "label:site"));
        Assert.Equal("(none)", CompareGrouping.GroupOf(b, "label:site"));
        Assert.Equal("node1", CompareGrouping.GroupOf(a, "host"));
    }
}
