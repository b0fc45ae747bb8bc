// SPDX-License-Identifier: GPL-2.0-only
using MathNet.Numerics.Distributions;

namespace DcacheStress.Reports.Statistics;

/// <summary>
/// Throughput of A relative to B, 100·(mean_A/mean_B − 1) %, over per-round ops/s.
/// The interval is the delta method on the ratio of the two means:
/// se(R) ≈ R·√(s_A²/(n_A·m_A²) + s_B²/(n_B·m_B²)), with a Student t quantile whose degrees of
/// freedom come from the Welch–Satterthwaite formula applied to the two relative variances.
/// Unlike a Welch interval on the difference divided by m_B, this carries B's own noise too.
/// </summary>
public sealed record ThroughputDifference(double Percent, double? HalfWidthPercent, double? DegreesOfFreedom, string? Unavailable)
{
    public static ThroughputDifference Compute(MeanEstimate a, MeanEstimate b, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!(b.Mean > 0) || double.IsNaN(a.Mean))
        {
            return new ThroughputDifference(double.NaN, null, null, "n/a (no throughput to compare)");
        }

        double ratio = a.Mean / b.Mean;
        double percent = 100 * (ratio - 1);
        if (a.Count < 2 || b.Count < 2)
        {
            return new ThroughputDifference(percent, null, null, "CI unavailable: single round");
        }

        double ua = RelativeVariance(a);
        double ub = RelativeVariance(b);
        double sum = ua + ub;
        if (sum == 0)
        {
            return new ThroughputDifference(percent, 0, null, null);
        }

        double df = sum * sum / ((ua * ua / (a.Count - 1)) + (ub * ub / (b.Count - 1)));
        double t = StudentT.InvCDF(0, 1, df, 1 - ((1 - level) / 2));
        return new ThroughputDifference(percent, 100 * t * ratio * Math.Sqrt(sum), df, null);
    }

    // Squared relative standard error of the mean, s²/(n·m²).
    private static double RelativeVariance(MeanEstimate e) =>
        e.StandardDeviation * e.StandardDeviation / (e.Count * e.Mean * e.Mean);
}
