// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports.Tests;

public sealed class ReportAnalyzerTests
{
    [Fact]
    public void Analyze_SmallReport_ComputesPerPatchFigures()
    {
        ReportAnalysis analysis = ReportAnalyzer.Analyze(SampleReports.Small());
        PatchStatistics broken = analysis.Patches[0];

        Assert.Equal("v4.7-rc6", broken.Name);
        Assert.Equal(100, broken.Hits.Hits);
        Assert.Equal(100 / 30_100_000.0 * 1e9, broken.Hits.PerBillion, 6);
        Assert.Equal((2_000_000 + 2_040_000 + 1_980_000) / 3.0, broken.Throughput.Mean, 6);
        Assert.Equal(3, broken.FirstHit.RoundsWithHit);
        Assert.Equal(0.5, broken.FirstHit.Median);
        Assert.Equal(1.0 / 500, broken.SeqcountRetryRate!.Value, 4);
    }

    [Fact]
    public void Analyze_FourPatchesAllPairs_HasOneVerdictPerPair()
    {
        ReportAnalysis analysis = ReportAnalyzer.Analyze(SampleReports.Realistic(), selection: new PairSelection(AllPairs: true));

        Assert.Equal(6, analysis.Pairs.Count);
        Assert.Equal(["v4.7-rc6 vs viro-2016-07-03", "v4.7-rc6 vs v4.7", "v4.7-rc6 vs revalidate-zero",
                      "viro-2016-07-03 vs v4.7", "viro-2016-07-03 vs revalidate-zero", "v4.7 vs revalidate-zero"],
            analysis.Pairs.Select(p => $"{p.A} vs {p.B}"));
    }

    [Fact]
    public void Analyze_BrokenVersusFixed_HitRatesDifferSignificantly()
    {
        ReportAnalysis analysis = ReportAnalyzer.Analyze(SampleReports.Realistic());
        PairComparison pair = ReportAnalyzer.Analyze(SampleReports.Realistic(), selection: new PairSelection("v4.7")).Pairs.Single(p => p.A == "v4.7-rc6" && p.B == "v4.7");

        Assert.True(pair.Hits!.PValue < 1e-9, $"p = {pair.Hits.PValue}");
        Assert.Equal(0, analysis.Patches.Single(p => p.Name == "v4.7").Hits.Hits);
    }

    [Fact]
    public void AnalyzePatch_NoRounds_FallsBackToRunThroughputWithoutCi()
    {
        PatchResult p = SampleReports.Patch("only-totals");
        var withTotals = new PatchResult
        {
            Name = p.Name, Ops = 5_000, ActiveSeconds = 2, OpsPerSecond = 2_500, InvariantHits = p.InvariantHits,
            Observations = p.Observations, SeqcountRetries = 0, Lookups = 0, FsckErrors = 0, Rounds = [],
        };

        PatchStatistics s = ReportAnalyzer.AnalyzePatch(withTotals);

        Assert.Equal(2_500, s.Throughput.Mean);
        Assert.Null(s.Throughput.Confidence);
        Assert.Null(s.SeqcountRetryRate);
    }
}
