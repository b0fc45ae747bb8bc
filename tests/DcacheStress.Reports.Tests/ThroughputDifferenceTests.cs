// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports.Tests;

public sealed class ThroughputDifferenceTests
{
    [Fact]
    public void Compute_AFivePercentSlower_PercentIsMinusFive()
    {
        MeanEstimate a = StudentTInterval.Estimate([94, 95, 96]);
        MeanEstimate b = StudentTInterval.Estimate([99, 100, 101]);

        ThroughputDifference d = ThroughputDifference.Compute(a, b);

        Assert.Equal(-5, d.Percent, 9);
        Assert.NotNull(d.HalfWidthPercent);
        Assert.True(d.HalfWidthPercent > 0);
    }

    [Fact]
    public void Compute_KnownSamples_MatchesDeltaMethodWithWelchDegreesOfFreedom()
    {
        // Relative variances ua = ub = 1/(3·95²), 1/(3·100²); R = 0.95.
        MeanEstimate a = StudentTInterval.Estimate([94, 95, 96]);
        MeanEstimate b = StudentTInterval.Estimate([99, 100, 101]);
        double ua = 1.0 / (3 * 95.0 * 95.0);
        double ub = 1.0 / (3 * 100.0 * 100.0);
        double df = (ua + ub) * (ua + ub) / ((ua * ua / 2) + (ub * ub / 2));
        double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, df, 0.975);

        ThroughputDifference d = ThroughputDifference.Compute(a, b);

        Assert.Equal(df, d.DegreesOfFreedom!.Value, 9);
        Assert.Equal(100 * t * 0.95 * Math.Sqrt(ua + ub), d.HalfWidthPercent!.Value, 9);
    }

    [Fact]
    public void Compute_SingleRound_SaysCiUnavailable()
    {
        ThroughputDifference d = ThroughputDifference.Compute(StudentTInterval.Estimate([90]), StudentTInterval.Estimate([99, 100, 101]));

        Assert.Equal(-10, d.Percent, 9);
        Assert.Null(d.HalfWidthPercent);
        Assert.Equal("CI unavailable: single round", d.Unavailable);
    }
}
