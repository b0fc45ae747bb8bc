// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports.Tests;

public sealed class FirstHitSummaryTests
{
    [Fact]
    public void From_RoundsWithAndWithoutHits_SummarisesOnlyTheHits()
    {
        FirstHitSummary s = FirstHitSummary.From([0.4, null, 0.1, 0.3, null, 0.2, 0.5]);

        Assert.Equal(5, s.RoundsWithHit);
        Assert.Equal(7, s.TotalRounds);
        Assert.Equal(0.3, s.Median!.Value, 12);
        Assert.Equal(0.1, s.Min);
        Assert.Equal(0.5, s.Max);
        Assert.True(s.LowerQuartile < s.Median && s.Median < s.UpperQuartile);
    }

    [Fact]
    public void From_NoHits_HasNoMedian()
    {
        FirstHitSummary s = FirstHitSummary.From([null, null]);

        Assert.Equal(0, s.RoundsWithHit);
        Assert.Equal(2, s.TotalRounds);
        Assert.Null(s.Median);
    }
}
