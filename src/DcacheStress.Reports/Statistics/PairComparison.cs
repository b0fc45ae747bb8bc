// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Statistics;

/// <summary>
/// Patch A against patch B: hit rates and throughput, and the one-line verdict. When both runs
/// rebooted after each crash, <see cref="Crashes"/> and <see cref="RootCauseBoots"/> are the rate
/// ratios the verdict uses (a burst of hits in one boot counts once).
/// </summary>
public sealed record PairComparison(
    string A,
    string B,
    RateRatioResult? Hits,
    ThroughputDifference Throughput,
    string Verdict,
    RateRatioResult? Crashes = null,
    RateRatioResult? RootCauseBoots = null)
{
    /// <summary>The ratio the verdict leads with: crashes when known, else all hits.</summary>
    public RateRatioResult? Primary => Crashes ?? Hits;

    /// <summary>The <see cref="Primary"/> p-value Holm-adjusted across the pairs shown (null: not adjusted).</summary>
    public double? AdjustedPValue { get; init; }
}
