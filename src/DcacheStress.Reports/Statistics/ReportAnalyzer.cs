// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Statistics;

/// <summary>Computes <see cref="ReportAnalysis"/> from a report (95% intervals by default).</summary>
public static class ReportAnalyzer
{
    public static ReportAnalysis Analyze(RunReport report, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(report);
        PatchStatistics[] patches = [.. report.Patches.Select(p => AnalyzePatch(p, level))];
        var pairs = new List<PairComparison>();
        for (int i = 0; i < patches.Length; i++)
        {
            for (int j = i + 1; j < patches.Length; j++)
            {
                pairs.Add(Compare(patches[i], patches[j], level));
            }
        }

        return new ReportAnalysis(level, patches, pairs);
    }

    public static PatchStatistics AnalyzePatch(PatchResult patch, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(patch);
        double[] perRound = [.. patch.Rounds.Where(r => r.ActiveSeconds > 0).Select(r => r.Ops / r.ActiveSeconds)];
        MeanEstimate throughput = StudentTInterval.Estimate(perRound, level);
        if (perRound.Length == 0)
        {
            // No usable rounds: show the run-level figure, without an interval.
            throughput = throughput with { Mean = patch.OpsPerSecond };
        }

        long hits = patch.InvariantHits.Values.Sum();
        return new PatchStatistics(
            patch.Name,
            patch.Rounds.Count,
            patch.Ops,
            patch.ActiveSeconds,
            throughput,
            PoissonInterval.PerBillionOps(hits, patch.Ops, level),
            FirstHitSummary.From([.. patch.Rounds.Select(r => r.FirstHitSeconds)]),
            patch.Lookups > 0 ? (double)patch.SeqcountRetries / patch.Lookups : null,
            patch.FsckErrors,
            CrashStatistics.From(patch, level));
    }

    public static PairComparison Compare(PatchStatistics a, PatchStatistics b, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        RateRatioResult? hits = a.Ops > 0 && b.Ops > 0
            ? RateRatioTest.Conditional(a.Hits.Hits, a.Ops, b.Hits.Hits, b.Ops, level)
            : null;
        ThroughputDifference throughput = ThroughputDifference.Compute(a.Throughput, b.Throughput, level);
        if (a.RatesUseCrashes && b.RatesUseCrashes)
        {
            CrashStatistics ca = a.Crash!, cb = b.Crash!;
            RateRatioResult? crashes = Ratio(ca.Crashes, cb.Crashes, level);
            RateRatioResult? rootBoots = Ratio(ca.RootCauseBoots, cb.RootCauseBoots, level);
            return new PairComparison(a.Name, b.Name, hits, throughput,
                VerdictFormatter.FormatCrashes(a, b, crashes, rootBoots, throughput), crashes, rootBoots);
        }

        return new PairComparison(a.Name, b.Name, hits, throughput, VerdictFormatter.Format(a, b, hits, throughput));
    }

    private static RateRatioResult? Ratio(RateEstimate a, RateEstimate b, double level) =>
        a.Ops > 0 && b.Ops > 0 ? RateRatioTest.Conditional(a.Hits, a.Ops, b.Hits, b.Ops, level) : null;
}
