// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Statistics;

/// <summary>Patch A against patch B: hit rates and throughput, and the one-line verdict.</summary>
public sealed record PairComparison(
    string A,
    string B,
    RateRatioResult? Hits,
    ThroughputDifference Throughput,
    string Verdict)
{
    /// <summary>The hit-rate p-value Holm-adjusted across the pairs shown (null: not adjusted).</summary>
    public double? AdjustedPValue { get; init; }
}
