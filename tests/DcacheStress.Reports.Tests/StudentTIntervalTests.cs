// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports.Tests;

public sealed class StudentTIntervalTests
{
    [Fact]
    public void Estimate_ThreeSamples_UsesT975With2DegreesOfFreedom()
    {
        // mean 12, s = 2, t(0.975; 2) = 4.302653 → half-width 4.302653·2/√3.
        MeanEstimate e = StudentTInterval.Estimate([10, 12, 14]);

        Assert.Equal(12, e.Mean, 12);
        Assert.Equal(2, e.StandardDeviation, 12);
        Assert.Equal(4.302653 * 2 / Math.Sqrt(3), e.HalfWidth!.Value, 5);
        Assert.Null(e.Unavailable);
    }

    [Fact]
    public void Estimate_SingleRound_SaysCiUnavailable()
    {
        MeanEstimate e = StudentTInterval.Estimate([1234.5]);

        Assert.Equal(1234.5, e.Mean);
        Assert.Null(e.Confidence);
        Assert.Equal("CI unavailable: single round", e.Unavailable);
    }

    [Fact]
    public void Estimate_NoRounds_SaysCiUnavailable()
    {
        MeanEstimate e = StudentTInterval.Estimate([]);

        Assert.Null(e.Confidence);
        Assert.Contains("no rounds", e.Unavailable, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_NinetyNinePercent_IsWiderThanNinetyFive()
    {
        double[] samples = [100, 104, 98, 101, 97];

        double h95 = StudentTInterval.Estimate(samples).HalfWidth!.Value;
        double h99 = StudentTInterval.Estimate(samples, 0.99).HalfWidth!.Value;

        Assert.True(h99 > h95, $"99% half-width {h99} should exceed 95% half-width {h95}");
    }
}
