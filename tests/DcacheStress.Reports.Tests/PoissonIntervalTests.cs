// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports.Tests;

public sealed class PoissonIntervalTests
{
    [Fact]
    public void Garwood_ZeroHits_GivesUpperBound3689()
    {
        Interval ci = PoissonInterval.Garwood(0);

        Assert.Equal(0, ci.Lower);
        Assert.Equal(3.688879, ci.Upper, 5);
    }

    [Fact]
    public void Garwood_TenHits_MatchesTabulatedInterval()
    {
        Interval ci = PoissonInterval.Garwood(10);

        Assert.Equal(4.795389, ci.Lower, 5);
        Assert.Equal(18.390356, ci.Upper, 5);
    }

    [Fact]
    public void PerBillionOps_ZeroHitsInOneBillionOps_UpperIs3689PerBillion()
    {
        RateEstimate rate = PoissonInterval.PerBillionOps(0, 1_000_000_000);

        Assert.Equal(0, rate.PerBillion);
        Assert.NotNull(rate.Confidence);
        Assert.Equal(3.688879, rate.Confidence.Value.Upper, 5);
    }

    [Fact]
    public void PerBillionOps_TenHitsInHalfABillionOps_ScalesIntervalByExposure()
    {
        RateEstimate rate = PoissonInterval.PerBillionOps(10, 500_000_000);

        Assert.Equal(20, rate.PerBillion, 9);
        Assert.Equal(2 * 4.795389, rate.Confidence!.Value.Lower, 4);
        Assert.Equal(2 * 18.390356, rate.Confidence!.Value.Upper, 4);
    }

    [Fact]
    public void PerBillionOps_NoOps_HasNoInterval()
    {
        RateEstimate rate = PoissonInterval.PerBillionOps(0, 0);

        Assert.True(double.IsNaN(rate.PerBillion));
        Assert.Null(rate.Confidence);
    }
}
