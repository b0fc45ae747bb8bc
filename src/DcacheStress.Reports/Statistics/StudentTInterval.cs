// SPDX-License-Identifier: GPL-2.0-only
using MathNet.Numerics.Distributions;

namespace DcacheStress.Reports.Statistics;

/// <summary>Mean ± t(1−α/2, n−1)·s/√n over independent samples (here: per-round ops/s).</summary>
public static class StudentTInterval
{
    public static MeanEstimate Estimate(IReadOnlyList<double> samples, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNotEqual(level is > 0 and < 1, true, nameof(level));
        int n = samples.Count;
        if (n == 0)
        {
            return new MeanEstimate(double.NaN, 0, double.NaN, null, "CI unavailable: no rounds");
        }

        double mean = MathNet.Numerics.Statistics.Statistics.Mean(samples);
        if (n == 1)
        {
            return new MeanEstimate(mean, 1, double.NaN, null, "CI unavailable: single round");
        }

        double sd = MathNet.Numerics.Statistics.Statistics.StandardDeviation(samples);
        double t = StudentT.InvCDF(0, 1, n - 1, 1 - ((1 - level) / 2));
        double half = t * sd / Math.Sqrt(n);
        return new MeanEstimate(mean, n, sd, new Interval(mean - half, mean + half), null);
    }
}
