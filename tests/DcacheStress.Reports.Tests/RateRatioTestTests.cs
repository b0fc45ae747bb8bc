// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Statistics;
using MathNet.Numerics.Distributions;

namespace DcacheStress.Reports.Tests;

public sealed class RateRatioTestTests
{
    [Fact]
    public void Conditional_ZeroVersusHundredHitsEqualOps_PIsBelow1e9()
    {
        RateRatioResult r = RateRatioTest.Conditional(0, 1_000_000, 100, 1_000_000);

        Assert.True(r.PValue < 1e-9, $"p = {r.PValue}");
        Assert.Equal(2 * Math.Pow(0.5, 100), r.PValue, 1e-40);
        Assert.Equal(0, r.RateRatio);
        Assert.Equal(0, r.Confidence!.Value.Lower);
        Assert.Equal(0.03757763, r.Confidence!.Value.Upper, 6);
    }

    [Fact]
    public void Conditional_EqualCountsEqualOps_PIsOne()
    {
        RateRatioResult r = RateRatioTest.Conditional(50, 1_000_000, 50, 1_000_000);

        Assert.Equal(1.0, r.PValue);
        Assert.Equal(1.0, r.RateRatio, 12);
    }

    [Fact]
    public void Conditional_TenVersusTwenty_MatchesExactClopperPearsonInterval()
    {
        RateRatioResult r = RateRatioTest.Conditional(10, 5_000, 20, 5_000);

        Assert.Equal(0.5, r.RateRatio, 12);
        Assert.Equal(0.20900597, r.Confidence!.Value.Lower, 6);
        Assert.Equal(1.119183, r.Confidence!.Value.Upper, 5);
        Assert.Equal(0.0987371467, r.PValue, 9);
    }

    [Fact]
    public void Conditional_UnequalOps_AdjustsForExposure()
    {
        // Twice the ops and twice the hits: the same rate.
        RateRatioResult r = RateRatioTest.Conditional(40, 2_000_000, 20, 1_000_000);

        Assert.Equal(1.0, r.RateRatio, 12);
        Assert.Equal(1.0, r.PValue);
    }

    [Fact]
    public void Conditional_HitsOnlyInA_RatioInfiniteWithFiniteLowerBound()
    {
        RateRatioResult r = RateRatioTest.Conditional(25, 1_000, 0, 1_000);

        Assert.True(double.IsPositiveInfinity(r.RateRatio));
        Assert.True(double.IsPositiveInfinity(r.Confidence!.Value.Upper));
        Assert.True(r.Confidence!.Value.Lower > 1, $"lower {r.Confidence.Value.Lower}");
        Assert.True(r.PValue < 1e-6, $"p = {r.PValue}");
    }

    [Fact]
    public void Conditional_NoHitsAnywhere_PIsOneAndNoInterval()
    {
        RateRatioResult r = RateRatioTest.Conditional(0, 1_000, 0, 1_000);

        Assert.Equal(1.0, r.PValue);
        Assert.Null(r.Confidence);
        Assert.True(double.IsNaN(r.RateRatio));
    }

    [Theory]
    [InlineData(3, 20, 0.5, 0.002576828)] // R: binom.test(3, 20)$p.value
    [InlineData(7, 20, 0.3, 0.629498)]
    public void TwoSidedP_KnownCases_MatchesExactBinomialTest(long x, long n, double p, double expected)
    {
        Assert.Equal(expected, RateRatioTest.TwoSidedP(x, n, p), 6);
    }

    [Theory]
    [InlineData(0, 7, 0.3)]
    [InlineData(4, 9, 0.5)]
    [InlineData(12, 40, 0.2)]
    [InlineData(30, 41, 0.55)]
    [InlineData(58, 60, 0.9)]
    public void TwoSidedP_SmallN_EqualsBruteForceSumOverOutcomes(long x, long n, double p)
    {
        double observed = Binomial.PMF(p, (int)n, (int)x);
        double brute = 0;
        for (int k = 0; k <= n; k++)
        {
            double pk = Binomial.PMF(p, (int)n, k);
            if (pk <= observed * (1 + 1e-7))
            {
                brute += pk;
            }
        }

        Assert.Equal(Math.Min(1, brute), RateRatioTest.TwoSidedP(x, n, p), 10);
    }
}
