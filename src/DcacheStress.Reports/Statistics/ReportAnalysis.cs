// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Statistics;

/// <summary>
/// The statistics of one report: per patch, and per pair in report order (each patch against
/// <see cref="Baseline"/>, or every pair when it is null).
/// </summary>
public sealed record ReportAnalysis(
    double Level,
    IReadOnlyList<PatchStatistics> Patches,
    IReadOnlyList<PairComparison> Pairs)
{
    /// <summary>The baseline every verdict compares against; null: every pair.</summary>
    public string? Baseline { get; init; }

    /// <summary>How many hit-rate p-values were Holm-adjusted together (0 or 1: none adjusted).</summary>
    public int AdjustedPairs { get; init; }

    /// <summary>One sentence on the pairs shown, for the reports.</summary>
    public string PairsText => (Baseline is null ? "Every pair of patches" : $"Each patch against {Baseline} (the baseline)") +
        (AdjustedPairs > 1 ? $"; p-values (crashes when counted, else hits) Holm-adjusted over the {AdjustedPairs} pairs shown (\"Holm p\")." : ".");
}
