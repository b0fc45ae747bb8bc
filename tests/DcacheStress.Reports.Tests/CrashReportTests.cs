// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json.Nodes;
using DcacheStress.Reports.Compare;
using DcacheStress.Reports.Json;
using DcacheStress.Reports.Markdown;
using DcacheStress.Reports.Model;
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports.Tests;

/// <summary>
/// Crash figures in reports (issue 13, D13): rates and verdicts use crashes, never the hits after a
/// crash; old reports (no crash figures) still load, compare and merge.
/// </summary>
public sealed class CrashReportTests
{
    /// <summary>
    /// A report.json written by the harness before issue 13 (commit f8c2a57, `./run.sh stress
    /// --patch v4.7-rc6,v4.7 --duration 4s --round 1s --seed 7 --metrics-url none`), kept verbatim.
    /// </summary>
    private static string OldReportPath => Path.Combine(AppContext.BaseDirectory, "Fixtures", "report-pre-issue13.json");

    private static CrashResult Crash(long crashes, long opsAtRisk, long afterCrashHits = 0, int rootBoots = 0) => new()
    {
        OnBug = "reboot",
        Boots = (int)crashes + 1,
        Crashes = crashes,
        CrashesByInvariant = crashes > 0 ? new Dictionary<string, long> { ["d_rehash.hashed"] = crashes } : [],
        OpsAtRisk = opsAtRisk,
        OpsAfterCrash = afterCrashHits * 10,
        FirstCrashSeconds = crashes > 0 ? 0.5 : null,
        OpsToCrash = [.. Enumerable.Range(1, (int)crashes).Select(i => (long)i * 1000)],
        SecondsToCrash = [.. Enumerable.Range(1, (int)crashes).Select(i => i * 0.1)],
        RootCauseHits = rootBoots * 50L,
        BootsWithRootCause = rootBoots,
        RootCauseExposureOps = opsAtRisk / 2,
        AfterCrashHits = afterCrashHits > 0 ? new Dictionary<string, long> { ["d_add.owner"] = afterCrashHits } : [],
    };

    private static PatchResult With(PatchResult p, CrashResult? crash) => new()
    {
        Name = p.Name,
        Ops = p.Ops,
        ActiveSeconds = p.ActiveSeconds,
        OpsPerSecond = p.OpsPerSecond,
        InvariantHits = p.InvariantHits,
        Observations = p.Observations,
        FirstHitSeconds = p.FirstHitSeconds,
        SeqcountRetries = p.SeqcountRetries,
        Lookups = p.Lookups,
        FsckErrors = p.FsckErrors,
        Rounds = p.Rounds,
        Crash = crash,
    };

    /// <summary>Small(): v4.7-rc6 with 3 crashes in 30M ops at risk and 500 hits after them; v4.7 with none.</summary>
    private static RunReport WithCrashes()
    {
        RunReport r = SampleReports.Small();
        return new RunReport
        {
            Version = r.Version,
            StartedUtc = r.StartedUtc,
            EndedUtc = r.EndedUtc,
            Machine = r.Machine,
            Options = r.Options,
            Seed = r.Seed,
            Workload = r.Workload,
            Patches = [With(r.Patches[0], Crash(3, 30_000_000, afterCrashHits: 500, rootBoots: 2)), With(r.Patches[1], Crash(0, 30_000_000))],
        };
    }

    [Fact]
    public void Analyze_WithCrashes_RatesCountCrashesPerOpAtRiskNotLaterHits()
    {
        ReportAnalysis a = ReportAnalyzer.Analyze(WithCrashes());

        CrashStatistics rc6 = a.Patches[0].Crash!;
        Assert.Equal(3, rc6.Crashes.Hits);
        Assert.Equal(100, rc6.Crashes.PerBillion, 6);          // 3 / 30M ops at risk
        Assert.Equal(500, rc6.HitsAfterCrash);                  // counted apart ...
        Assert.Equal(10_000_000, rc6.OpsPerCrash);
        Assert.Equal(2000, rc6.MedianOpsToCrash);
        Assert.Equal(2, rc6.RootCauseBoots.Hits);
        PairComparison pair = Assert.Single(a.Pairs);
        Assert.Equal(3, pair.Crashes!.HitsA);                   // ... and in no ratio
        Assert.Equal(0, pair.Crashes.HitsB);
        Assert.Same(pair.Crashes, pair.Primary);
        Assert.StartsWith("v4.7-rc6 vs v4.7: crashes 3 vs 0 (rate ratio > ", pair.Verdict, StringComparison.Ordinal);
        Assert.Contains("root-cause boots 2 vs 0", pair.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ContinueMode_VerdictStaysOnHits()
    {
        RunReport r = WithCrashes();
        RunReport cont = new()
        {
            Version = r.Version, StartedUtc = r.StartedUtc, EndedUtc = r.EndedUtc, Machine = r.Machine, Options = r.Options, Seed = r.Seed, Workload = r.Workload,
            Patches = [.. r.Patches.Select(p => With(p, new CrashResult { OnBug = "continue", Boots = 1, Crashes = p.Crash!.Crashes > 0 ? 1 : 0, OpsAtRisk = 1000 }))],
        };

        PairComparison pair = Assert.Single(ReportAnalyzer.Analyze(cont).Pairs);

        Assert.Null(pair.Crashes);
        Assert.StartsWith("v4.7-rc6 vs v4.7: hits 100 vs 0", pair.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_RoundTrip_KeepsCrashFigures()
    {
        RunReport loaded = ReportJson.Parse(ReportJson.Serialize(WithCrashes()), "mem");

        CrashResult c = loaded.Patches[0].Crash!;
        Assert.Equal(3, c.Crashes);
        Assert.Equal(4, c.Boots);
        Assert.Equal(500, c.AfterCrashHits["d_add.owner"]);
        Assert.Equal([1000L, 2000L, 3000L], c.OpsToCrash);
        Assert.Contains("\"ops_at_risk\": 30000000", ReportJson.Serialize(loaded), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_MoreCrashesThanBoots_IsRejected()
    {
        RunReport r = WithCrashes();
        JsonNode node = JsonNode.Parse(ReportJson.Serialize(r))!;
        node["patches"]![0]!["crash"]!["boots"] = 2;

        var e = Assert.Throws<InvalidReportException>(() => ReportJson.Parse(node.ToJsonString(), "bad.json"));
        Assert.Contains("$.patches[0].crash.crashes (3) exceeds boots (2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OldReport_Loads_NoCrashFiguresAndHitVerdicts()
    {
        RunReport old = ReportJson.Load(OldReportPath);

        Assert.All(old.Patches, p => Assert.Null(p.Crash));
        Assert.All(old.Patches.SelectMany(p => p.Rounds), r => Assert.Equal(0, r.Crashes));
        ReportAnalysis a = ReportAnalyzer.Analyze(old);
        Assert.All(a.Patches, p => Assert.Null(p.Crash));
        Assert.StartsWith("v4.7-rc6 vs v4.7: hits ", Assert.Single(a.Pairs).Verdict, StringComparison.Ordinal);
        string md = MarkdownReportWriter.ToMarkdown(old);
        Assert.DoesNotContain("## Crashes", md, StringComparison.Ordinal);
        Assert.Contains("## Patches", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_OldAndNewReport_MergesWithoutCrashFigures()
    {
        using var dir = new TempDirectory();
        string oldCopy = dir.File("old/report.json");
        Directory.CreateDirectory(Path.GetDirectoryName(oldCopy)!);
        File.Copy(OldReportPath, oldCopy);
        // The same run as a post-issue-13 harness writes it: crash figures added, nothing else changed.
        JsonNode node = JsonNode.Parse(File.ReadAllText(OldReportPath))!;
        node["started_utc"] = "2026-12-01T00:00:00+00:00";
        node["ended_utc"] = "2026-12-01T00:00:10+00:00";
        foreach (JsonNode? p in node["patches"]!.AsArray())
            p!["crash"] = JsonNode.Parse("""{"on_bug":"reboot","boots":2,"crashes":1,"crashes_by_invariant":{"d_rehash.hashed":1},"ops_at_risk":1000,"ops_after_crash":5,"ops_to_crash":[400],"seconds_to_crash":[0.1]}""");
        string newer = dir.File("new/report.json");
        Directory.CreateDirectory(Path.GetDirectoryName(newer)!);
        File.WriteAllText(newer, node.ToJsonString());
        var output = new StringWriter();

        int rc = CompareCommand.Run([oldCopy, newer], false, output, outDir: null);

        Assert.True(rc == CompareCommand.ExitOk, output.ToString());
        Assert.Contains("## Patches", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("note: on_bug differs", output.ToString(), StringComparison.Ordinal);
        RunReport merged = ReportMerger.Merge([new SourcedReport(oldCopy, ReportJson.Load(oldCopy)), new SourcedReport(newer, ReportJson.Load(newer))]);
        Assert.All(merged.Patches, p => Assert.Null(p.Crash)); // a partial crash count would understate the rate
    }

    [Fact]
    public void Merge_TwoReportsWithCrashes_SumsFigures()
    {
        RunReport a = WithCrashes(), b = WithCrashes();

        RunReport merged = ReportMerger.Merge([new SourcedReport("a.json", a), new SourcedReport("b.json", b)]);

        CrashResult c = merged.Patches[0].Crash!;
        Assert.Equal(6, c.Crashes);
        Assert.Equal(8, c.Boots);
        Assert.Equal(60_000_000, c.OpsAtRisk);
        Assert.Equal(1000, c.AfterCrashHits["d_add.owner"]);
        Assert.Equal(6, c.OpsToCrash.Count);
        Assert.Contains("## Crashes", MarkdownReportWriter.ToMarkdown(merged), StringComparison.Ordinal);
    }
}
