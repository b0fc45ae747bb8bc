// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Statistics;

/// <summary>
/// The one-line verdict of a pair, e.g.
/// <c>v4.7 vs v4.7-rc6: hits 0 vs 1,234 (rate ratio &lt; 0.003, p &lt; 1e-9); throughput −2.1% ± 0.8%</c>.
/// The rate ratio is A's hit rate over B's; the throughput is A relative to B.
/// </summary>
public static class VerdictFormatter
{
    /// <summary>The verdict; <paramref name="holmP"/>: the hit-rate p-value Holm-adjusted across the pairs shown.</summary>
    public static string Format(PatchStatistics a, PatchStatistics b, RateRatioResult? hits, ThroughputDifference throughput, double? holmP = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(throughput);
        return $"{a.Name} vs {b.Name}: hits {NumberFormat.Count(a.Hits.Hits)} vs {NumberFormat.Count(b.Hits.Hits)} " +
               $"({HitsPart(hits, "hits", holmP)}); throughput {ThroughputPart(throughput)}";
    }

    /// <summary>
    /// The verdict of two runs that rebooted after each crash: crashes (first kernel-BUG-class hit
    /// of a boot, per op at risk), then boots with a root-cause hit, then throughput, e.g.
    /// <c>v4.7 vs v4.7-rc6: crashes 0 vs 23 (rate ratio &lt; 0.16, p = 1.2e-7); root-cause boots 0 vs 23 (...); throughput ...</c>.
    /// <paramref name="holmP"/>: the crash p-value Holm-adjusted across the pairs shown.
    /// </summary>
    public static string FormatCrashes(PatchStatistics a, PatchStatistics b, RateRatioResult? crashes, RateRatioResult? rootCauseBoots, ThroughputDifference throughput, double? holmP = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(throughput);
        CrashStatistics ca = a.Crash ?? throw new ArgumentException("no crash statistics", nameof(a));
        CrashStatistics cb = b.Crash ?? throw new ArgumentException("no crash statistics", nameof(b));
        return $"{a.Name} vs {b.Name}: crashes {NumberFormat.Count(ca.Crashes.Hits)} vs {NumberFormat.Count(cb.Crashes.Hits)} " +
               $"({HitsPart(crashes, "crashes", holmP)}); root-cause boots {NumberFormat.Count(ca.RootCauseBoots.Hits)} vs {NumberFormat.Count(cb.RootCauseBoots.Hits)} " +
               $"({HitsPart(rootCauseBoots, "root-cause hits")}); throughput {ThroughputPart(throughput)}";
    }

    public static string HitsPart(RateRatioResult? hits) => HitsPart(hits, "hits");

    /// <summary>
    /// The rate-ratio part, naming the events <paramref name="what"/> where there were none;
    /// <paramref name="holmP"/> adds the Holm-adjusted p-value.
    /// </summary>
    public static string HitsPart(RateRatioResult? hits, string what, double? holmP = null)
    {
        if (hits is null)
        {
            return "rate ratio n/a: a patch ran no operations";
        }

        if (hits.HitsA == 0 && hits.HitsB == 0)
        {
            return $"no {what} in either";
        }

        string ratio = (hits.HitsA, hits.HitsB, hits.Confidence) switch
        {
            (0, _, Interval ci) => "rate ratio < " + NumberFormat.Significant(ci.Upper, 2),
            (_, 0, Interval ci) => "rate ratio > " + NumberFormat.Significant(ci.Lower, 2),
            (_, _, Interval ci) => $"rate ratio {NumberFormat.Significant(hits.RateRatio)} " +
                                   $"[{NumberFormat.Significant(ci.Lower)}, {NumberFormat.Significant(ci.Upper)}]",
            _ => "rate ratio " + NumberFormat.Significant(hits.RateRatio),
        };
        string p = ratio + ", " + NumberFormat.PValue(hits.PValue);
        return holmP is double h && !double.IsNaN(h) ? p + ", Holm " + NumberFormat.PValue(h) : p;
    }

    public static string ThroughputPart(ThroughputDifference throughput)
    {
        ArgumentNullException.ThrowIfNull(throughput);
        if (double.IsNaN(throughput.Percent))
        {
            return throughput.Unavailable ?? "n/a";
        }

        string value = NumberFormat.SignedPercent(throughput.Percent);
        return throughput.HalfWidthPercent is double half
            ? $"{value} ± {NumberFormat.Percent(half)}"
            : $"{value} ({throughput.Unavailable})";
    }
}
