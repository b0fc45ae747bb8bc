// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Statistics;

/// <summary>Computes <see cref="ReportAnalysis"/> from a report (95% intervals by default).</summary>
public static class ReportAnalyzer
{
    /// <summary>
    /// Per-patch statistics and the verdicts of the pairs <paramref name="selection"/> names (by
    /// default the one stored in the report: every patch against the baseline), with the hit-rate
    /// p-values Holm-adjusted across the pairs shown.
    /// </summary>
    public static ReportAnalysis Analyze(RunReport report, double level = 0.95, PairSelection? selection = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        selection ??= PairSelection.FromReport(report);
        PatchStatistics[] patches = [.. report.Patches.Select(p => AnalyzePatch(p, level))];
        var pairs = new List<(PatchStatistics A, PatchStatistics B)>();
        string? baseline = selection.AllPairs ? null : selection.ResolveBaseline(report);
        if (baseline is null)
        {
            for (int i = 0; i < patches.Length; i++)
            {
                for (int j = i + 1; j < patches.Length; j++)
                {
                    pairs.Add((patches[i], patches[j]));
                }
            }
        }
        else if (patches.FirstOrDefault(p => p.Name == baseline) is { } b)
        {
            pairs.AddRange(patches.Where(p => p.Name != baseline).Select(p => (p, b)));
        }

        // The family: the p-value each verdict leads with (crashes when known, else hits).
        List<PairComparison> compared = [.. pairs.Select(p => Compare(p.A, p.B, level))];
        double[] holm = HolmAdjustment.Adjust([.. compared.Select(c => c.Primary?.PValue ?? double.NaN)]);
        int family = holm.Count(p => !double.IsNaN(p));
        List<PairComparison> adjusted = [.. compared.Select((c, i) => family > 1 && !double.IsNaN(holm[i])
            ? Compare(pairs[i].A, pairs[i].B, level, holm[i]) with { AdjustedPValue = holm[i] }
            : c)];
        return new ReportAnalysis(level, patches, adjusted) { Baseline = baseline, AdjustedPairs = family };
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
            CrashStatistics.From(patch, level),
            patch.Filesystem);
    }

    /// <summary>A against B; <paramref name="holmP"/>: the lead p-value Holm-adjusted across the pairs shown, for the verdict.</summary>
    public static PairComparison Compare(PatchStatistics a, PatchStatistics b, double level = 0.95, double? holmP = null)
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
                VerdictFormatter.FormatCrashes(a, b, crashes, rootBoots, throughput, holmP), crashes, rootBoots);
        }

        return new PairComparison(a.Name, b.Name, hits, throughput, VerdictFormatter.Format(a, b, hits, throughput, holmP));
    }

    private static RateRatioResult? Ratio(RateEstimate a, RateEstimate b, double level) =>
        a.Ops > 0 && b.Ops > 0 ? RateRatioTest.Conditional(a.Hits, a.Ops, b.Hits, b.Ops, level) : null;
}
