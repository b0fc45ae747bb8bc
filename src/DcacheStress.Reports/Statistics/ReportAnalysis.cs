// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Statistics;

/// <summary>The statistics of one report: per patch, and per pair in report order.</summary>
public sealed record ReportAnalysis(
    double Level,
    IReadOnlyList<PatchStatistics> Patches,
    IReadOnlyList<PairComparison> Pairs);
