// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using System.Text.RegularExpressions;
using DcacheStress.Reports;
using DcacheStress.Reports.Json;
using DcacheStress.Reports.Model;
using DcacheStress.Service.Telemetry;
using DcacheStress.Service.Tests.Support;

namespace DcacheStress.Service.Tests;

/// <summary>What one short in-process run serves and writes (see <see cref="InProcessRunFixture"/>).</summary>
[Collection(StressRunCollection.Name)]
public sealed partial class InProcessRunTests(InProcessRunFixture run) : IClassFixture<InProcessRunFixture>
{
    /// <summary>Runtime metrics the dashboards chart (dashboards/README.md).</summary>
    private static readonly string[] s_runtimeMetrics =
    [
        "dotnet_process_memory_working_set_bytes", "dotnet_gc_collections_total", "dotnet_gc_last_collection_heap_size_bytes",
        "dotnet_process_cpu_time_seconds_total", "dotnet_thread_pool_thread_count_total",
    ];

    private string LastScrape => Assert.Single(run.Scrapes.TakeLast(1));

    [Fact]
    public void Run_TwoPatches_ExitsZeroWithinItsDuration()
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Equal("", run.Stderr);
        Assert.True(run.Wall < TimeSpan.FromSeconds(20), $"took {run.Wall}");
        Assert.Contains("seed        42", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Run ended (duration)", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_Scrape_HasEveryMetricName()
    {
        Assert.Equal(2, run.Scrapes.Count);
        string scrape = LastScrape;
        foreach (string name in MetricNames.All)
        {
            string series = name == MetricNames.LookupDuration ? name + "_bucket" : name;
            Assert.True(Regex.IsMatch(scrape, $"^{Regex.Escape(series)}[{{ ]", RegexOptions.Multiline), $"{series} missing from /metrics");
        }
        foreach (string name in s_runtimeMetrics)
            Assert.Contains("\n" + name + "{", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_Scrape_PromtoolFindsNoProblem()
    {
        if (Promtool.Path is null)
            Assert.Skip("promtool not installed (apt-get install prometheus)");
        var (code, output) = Promtool.CheckMetrics(LastScrape);
        Assert.True(code == 0 && output.Trim().Length == 0, $"promtool check metrics: exit {code}\n{output}");
    }

    [Fact]
    public void Metrics_Labels_RunInfoAndExpectedCleanPerPatch()
    {
        string scrape = LastScrape;
        foreach (string patch in InProcessRunFixture.Patches)
        {
            Assert.Matches($"dcache_run_info{{[^}}]*patch=\"{Regex.Escape(patch)}\"[^}}]*seed=\"42\"[^}}]*workload=\"open-storm\"[^}}]*}} 1", scrape);
            string expected = patch == "v4.7" ? "1" : "0";
            Assert.Matches($"dcache_expected_clean{{[^}}]*patch=\"{Regex.Escape(patch)}\"}} {expected}", scrape);
        }
        Assert.Matches("dcache_threads{[^}]*} 4", scrape);
    }

    [Fact]
    public void Metrics_Ops_GrowBetweenScrapesAndCarryOpLabels()
    {
        long First(string scrape) => OpsTotal(scrape);
        Assert.True(OpsTotal(run.Scrapes[1]) > First(run.Scrapes[0]), "dcache_ops_total did not grow between scrapes");
        Assert.Matches("dcache_ops_total{[^}]*op=\"open\"[^}]*patch=\"v4.7-rc6\"[^}]*result=\"[a-z]+\"} [0-9]+", run.Scrapes[0]);
    }

    [Fact]
    public void Metrics_LookupHistogram_HasSubMicrosecondSecondBuckets()
    {
        string scrape = LastScrape;
        Assert.Contains("dcache_lookup_duration_seconds_bucket{", scrape, StringComparison.Ordinal);
        Assert.Matches("dcache_lookup_duration_seconds_bucket{[^}]*le=\"5E-08\"}", scrape);
        Assert.Matches("dcache_lookup_duration_seconds_bucket{[^}]*le=\"0.1\"}", scrape);
        Assert.Matches("dcache_lookup_duration_seconds_count{[^}]*patch=\"v4.7-rc6\"} [1-9]", scrape);
    }

    [Fact]
    public void Report_Json_LoadsWithPerPatchFigures()
    {
        RunReport r = ReportJson.Load(Path.Combine(run.ReportDir, ReportFiles.JsonName));
        Assert.Equal(InProcessRunFixture.Seed, r.Seed);
        Assert.Equal("open-storm", r.Workload);
        Assert.Equal(Environment.ProcessorCount, r.Machine.Cores);
        Assert.False(string.IsNullOrWhiteSpace(r.Machine.CpuModel));
        Assert.Equal(4, r.Options.Threads);
        Assert.Equal(8, r.Options.DurationSeconds);
        Assert.Equal(2, r.Options.RoundSeconds);
        Assert.Equal(InProcessRunFixture.Patches, r.Patches.Select(p => p.Name));
        foreach (PatchResult p in r.Patches)
        {
            Assert.True(p.Ops > 0, $"{p.Name}: no ops");
            Assert.True(p.ActiveSeconds > 0.5, $"{p.Name}: active {p.ActiveSeconds}");
            Assert.Equal(p.Ops / p.ActiveSeconds, p.OpsPerSecond, 6);
            Assert.True(p.Lookups > 0);
            Assert.Equal(0, p.FsckErrors);
            Assert.NotEmpty(p.Rounds);
            Assert.Equal(p.Ops, p.Rounds.Sum(x => x.Ops));
            Assert.Equal(p.InvariantHits.Values.Sum(), p.Rounds.Sum(x => x.Hits));
            Assert.Equal(p.InvariantHits.Count == 0, p.FirstHitSeconds is null);
            // The crash unit: reboot by default, at most one crash per boot, every op at risk or after a crash.
            Assert.NotNull(p.Crash);
            Assert.Equal("reboot", p.Crash!.OnBug);
            Assert.InRange(p.Crash.Crashes, 0, p.Crash.Boots);
            Assert.InRange(p.Crash.Boots, p.Crash.Crashes, p.Crash.Crashes + 1);
            Assert.Equal(p.Ops, p.Crash.OpsAtRisk + p.Crash.OpsAfterCrash);
            Assert.Equal(p.Crash.Crashes, p.Rounds.Sum(x => x.Crashes));
        }
        Assert.NotNull(r.Timeline);
        Assert.Contains(r.Timeline!, s => s.Patch == "v4.7" && s.Ops > 0);
        Assert.True(File.Exists(Path.Combine(run.ReportDir, ReportFiles.MarkdownName)));
        Assert.True(File.Exists(Path.Combine(run.ReportDir, ReportFiles.HtmlName)));
    }

    [Fact]
    public void CrashRecords_FilesMatchHits_FirstThreePerPatchAndInvariant()
    {
        RunReport r = ReportJson.Load(Path.Combine(run.ReportDir, ReportFiles.JsonName));
        string[] files = Directory.GetFiles(run.ReportDir, "crash-*.json");
        // Crashes have their own quota of records per (patch, invariant), apart from the other hits.
        long expected = r.Patches.Sum(p => p.InvariantHits.Sum(kv =>
        {
            long crashes = p.Crash!.CrashesByInvariant.GetValueOrDefault(kv.Key);
            return Math.Min(crashes, Crash.CrashRecorder.KeepPerPair) + Math.Min(kv.Value - crashes, Crash.CrashRecorder.KeepPerPair);
        }));
        Assert.Equal(expected, files.Length);
        Assert.Equal(files.Length, r.CrashRecords?.Count ?? 0);
        foreach (string f in files)
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(f));
            JsonElement root = doc.RootElement;
            string inv = root.GetProperty("invariant").GetString()!;
            Assert.StartsWith($"crash-{inv}-", Path.GetFileName(f), StringComparison.Ordinal);
            Assert.Contains(root.GetProperty("kind").GetString(), new[] { "kernel_bug", "root_cause", "port_check" });
            Assert.Contains(root.GetProperty("hit_class").GetString(), new[] { "crash", "root_cause", "port_check", "after_crash" });
            Assert.Contains(root.GetProperty("patch").GetString(), InProcessRunFixture.Patches);
            Assert.Equal(4, root.GetProperty("threads").GetArrayLength());
            Assert.Contains(root.GetProperty("threads")[0].GetProperty("events").EnumerateArray(),
                e => e.GetString()!.Contains("invariant_hit", StringComparison.Ordinal) && e.GetString()!.Contains(inv, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Json_SeveralPatches_CommonFieldsAndPatchesList()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(run.SummaryJson));
        JsonElement root = doc.RootElement;
        Assert.Equal("open-storm", root.GetProperty("workload").GetString());
        Assert.Equal(InProcessRunFixture.Seed, root.GetProperty("seed").GetUInt64());
        Assert.Equal(4, root.GetProperty("threads").GetInt32());
        Assert.Equal(8, root.GetProperty("duration_seconds").GetDouble());
        JsonElement[] patches = [.. root.GetProperty("patches").EnumerateArray()];
        Assert.Equal(InProcessRunFixture.Patches, patches.Select(p => p.GetProperty("patch").GetString()));
        foreach (JsonElement p in patches)
        {
            Assert.True(p.GetProperty("ops").GetInt64() > 0);
            Assert.Equal(JsonValueKind.Object, p.GetProperty("invariant_hits").ValueKind);
            JsonElement first = p.GetProperty("first_hit_seconds");
            bool anyHit = p.GetProperty("invariant_hits").EnumerateObject().Any();
            Assert.Equal(anyHit ? JsonValueKind.Number : JsonValueKind.Null, first.ValueKind);
        }
    }

    [Fact]
    public async Task Compare_OwnReport_ExitsZeroWithBothPatches()
    {
        var cli = new TestCli(run.ReportDir);
        int code = await cli.RunAsync("compare", ReportFiles.JsonName);
        Assert.True(code == 0, cli.Stdout + cli.Stderr);
        Assert.Contains("v4.7-rc6", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("v4.7", cli.Stdout, StringComparison.Ordinal);
    }

    private static long OpsTotal(string scrape) =>
        OpsLine().Matches(scrape).Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex("^dcache_ops_total{[^}]*} ([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex OpsLine();
}
