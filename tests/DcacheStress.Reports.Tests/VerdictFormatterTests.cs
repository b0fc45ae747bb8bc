// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports.Tests;

public sealed class VerdictFormatterTests
{
    [Fact]
    public void Format_FixedVersusBroken_MatchesIssueExampleShape()
    {
        PatchStatistics fixedPatch = Stats("v4.7", hits: 0, perRound: [97.6, 98.0, 97.8, 97.9]);
        PatchStatistics broken = Stats("v4.7-rc6", hits: 1234, perRound: [99.9, 100.1, 100.0, 99.8]);

        string verdict = ReportAnalyzer.Compare(fixedPatch, broken).Verdict;

        Assert.Matches(
            @"^v4\.7 vs v4\.7-rc6: hits 0 vs 1,234 \(rate ratio < 0\.003, p < 1e-9\); throughput −2\.1% ± \d\.\d%$",
            verdict);
    }

    [Fact]
    public void Format_BothWithHits_ShowsRatioIntervalAndP()
    {
        string verdict = ReportAnalyzer.Compare(Stats("a", 10, [100, 101, 99]), Stats("b", 20, [100, 100, 100])).Verdict;

        Assert.Equal("a vs b: hits 10 vs 20 (rate ratio 0.5 [0.209, 1.12], p = 0.099); throughput 0.0% ± 2.5%", verdict);
    }

    [Fact]
    public void Format_NoHitsInEither_SaysSo()
    {
        string verdict = ReportAnalyzer.Compare(Stats("a", 0, [100, 101]), Stats("b", 0, [100, 99])).Verdict;

        Assert.StartsWith("a vs b: hits 0 vs 0 (no hits in either); throughput +1.0% ± ", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_SingleRound_SaysCiUnavailable()
    {
        string verdict = ReportAnalyzer.Compare(Stats("a", 5, [90]), Stats("b", 0, [100])).Verdict;

        Assert.EndsWith("throughput −10.0% (CI unavailable: single round)", verdict, StringComparison.Ordinal);
        Assert.Contains("rate ratio > ", verdict, StringComparison.Ordinal);
    }

    // A patch with the given per-round ops/s (1 s rounds of 10^7 ops scaled) and total hits.
    private static PatchStatistics Stats(string name, long hits, double[] perRound)
    {
        RoundResult[] rounds = [.. perRound.Select((v, i) => SampleReports.Round(i, (long)(v * 100_000), seconds: 1))];
        PatchResult patch = SampleReports.Patch(name, rounds);
        var withHits = new PatchResult
        {
            Name = patch.Name,
            Ops = 1_000_000_000,
            ActiveSeconds = patch.ActiveSeconds,
            OpsPerSecond = patch.OpsPerSecond,
            InvariantHits = new Dictionary<string, long> { ["x"] = hits },
            Observations = patch.Observations,
            SeqcountRetries = 0,
            Lookups = 0,
            FsckErrors = 0,
            Rounds = rounds,
        };
        return ReportAnalyzer.AnalyzePatch(withHits);
    }
}
