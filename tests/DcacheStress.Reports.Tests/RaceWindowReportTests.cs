// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Compare;
using DcacheStress.Reports.Json;
using DcacheStress.Reports.Markdown;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Tests;

/// <summary>A patch's race-window table: in report.md, through report.json, and summed by a merge.</summary>
public sealed class RaceWindowReportTests
{
    private static RunReport WithWindows(string policy = "feedback")
    {
        PatchResult p = SampleReports.Small().Patches[0];
        var first = new PatchResult
        {
            Name = p.Name, Ops = p.Ops, ActiveSeconds = p.ActiveSeconds, OpsPerSecond = p.OpsPerSecond,
            InvariantHits = p.InvariantHits, Observations = p.Observations, FirstHitSeconds = p.FirstHitSeconds,
            SeqcountRetries = p.SeqcountRetries, Lookups = p.Lookups, FsckErrors = p.FsckErrors, Rounds = p.Rounds,
            RaceWindows = new RaceWindowResult
            {
                Policy = policy,
                AttributedHits = 100,
                AttributedCrashes = 2,
                Sites =
                [
                    new RaceWindowSiteResult { Site = "d_alloc_parallel:before_in_lookup_insert", Probability = 0.95, Delays = 1000, DelaySeconds = 0.5, HitsPrecededOwn = 40, HitsPreceded = 90, CrashesPreceded = 2, HitsPerMillionDelays = 90_000 },
                    new RaceWindowSiteResult { Site = "ll_md_blocking_ast:canceling", Probability = 0.5 },
                ],
            },
        };
        return SampleReports.SmallWithFirstPatch(first);
    }

    [Fact]
    public void Markdown_PatchWithWindows_HasItsRaceWindowTableWithoutIdleSites()
    {
        string md = MarkdownReportWriter.ToMarkdown(WithWindows());

        Assert.Contains("## Race windows: v4.7-rc6", md, StringComparison.Ordinal);
        Assert.Contains("| d_alloc_parallel:before_in_lookup_insert | 0.95 | 1000 |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("ll_md_blocking_ast", md, StringComparison.Ordinal); // no delay, no hit: not a row
        Assert.DoesNotContain("## Race windows: v4.7\n", md, StringComparison.Ordinal);  // windows off there: no table
        Assert.Contains("Policy feedback; 100 hits credited (2 crashes", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_RoundTrip_KeepsTheSites()
    {
        using var tmp = new TempDirectory();
        string path = Path.Combine(tmp.Path, "report.json");
        ReportJson.Save(WithWindows(), path);

        RaceWindowResult w = ReportJson.Load(path).Patches[0].RaceWindows!;

        Assert.Contains("\"hits_per_million_delays\"", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(("feedback", 100L, 90L), (w.Policy, w.AttributedHits, w.Sites[0].HitsPreceded));
    }

    [Fact]
    public void Merge_TwoReports_SumsPerSite()
    {
        RunReport merged = ReportMerger.Merge([new SourcedReport("a.json", WithWindows()), new SourcedReport("b.json", WithWindows())]);

        RaceWindowResult w = merged.Patches.Single(p => p.Name == "v4.7-rc6").RaceWindows!;
        RaceWindowSiteResult s = w.Sites.Single(x => x.Site == "d_alloc_parallel:before_in_lookup_insert");
        Assert.Equal((200L, 4L), (w.AttributedHits, w.AttributedCrashes));
        Assert.Equal((2000L, 180L, 80L, 4L), (s.Delays, s.HitsPreceded, s.HitsPrecededOwn, s.CrashesPreceded));
        Assert.Equal(90_000, s.HitsPerMillionDelays);
        Assert.Null(merged.Patches.Single(p => p.Name == "v4.7").RaceWindows);
    }

    [Fact]
    public void SettingsCheck_DifferentWindowPolicies_Block()
    {
        var found = SettingsCheck.Blocking([new SourcedReport("a.json", WithWindows("uniform")), new SourcedReport("b.json", WithWindows("feedback"))]);

        Assert.Contains(found, m => m.Setting == "window_policy");
    }
}
