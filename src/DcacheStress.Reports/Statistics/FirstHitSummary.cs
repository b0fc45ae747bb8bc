// SPDX-License-Identifier: GPL-2.0-only
using MathNet.Numerics.Statistics;

namespace DcacheStress.Reports.Statistics;

/// <summary>
/// Time to first hit over the rounds that hit: median and spread (min, quartiles, max; quartiles
/// by MathNet's default R-8 estimator), plus how many rounds hit at all.
/// </summary>
public sealed record FirstHitSummary(
    int RoundsWithHit,
    int TotalRounds,
    IReadOnlyList<double> Seconds,
    double? Median,
    double? Min,
    double? LowerQuartile,
    double? UpperQuartile,
    double? Max)
{
    /// <summary>Summarises per-round first-hit times; null entries are rounds without a hit.</summary>
    public static FirstHitSummary From(IReadOnlyList<double?> perRound)
    {
        ArgumentNullException.ThrowIfNull(perRound);
        double[] hits = [.. perRound.Where(t => t.HasValue).Select(t => t!.Value).Order()];
        if (hits.Length == 0)
        {
            return new FirstHitSummary(0, perRound.Count, hits, null, null, null, null, null);
        }

        return new FirstHitSummary(
            hits.Length,
            perRound.Count,
            hits,
            hits.Median(),
            hits[0],
            hits.LowerQuartile(),
            hits.UpperQuartile(),
            hits[^1]);
    }
}
