// SPDX-License-Identifier: GPL-2.0-only
using MathNet.Numerics.Distributions;

namespace DcacheStress.Reports.Statistics;

/// <summary>
/// Exact (Garwood 1936) confidence interval for the mean of a Poisson count k:
/// [χ²(α/2; 2k)/2, χ²(1−α/2; 2k+2)/2], with lower bound 0 when k = 0, so that a run with no
/// hits still bounds the hit rate from above (k = 0 → upper 3.689 at 95%).
/// </summary>
public static class PoissonInterval
{
    public static Interval Garwood(long count, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNotEqual(level is > 0 and < 1, true, nameof(level));
        double alpha = 1 - level;
        double lower = count == 0 ? 0 : ChiSquared.InvCDF(2.0 * count, alpha / 2) / 2;
        double upper = ChiSquared.InvCDF((2.0 * count) + 2, 1 - (alpha / 2)) / 2;
        return new Interval(lower, upper);
    }

    /// <summary>Invariant hits per 10^9 operations, with the Garwood interval scaled the same way.</summary>
    public static RateEstimate PerBillionOps(long hits, long ops, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ops);
        if (ops == 0)
        {
            return new RateEstimate(hits, ops, double.NaN, null);
        }

        double scale = 1e9 / ops;
        Interval counts = Garwood(hits, level);
        return new RateEstimate(hits, ops, hits * scale, new Interval(counts.Lower * scale, counts.Upper * scale));
    }
}
