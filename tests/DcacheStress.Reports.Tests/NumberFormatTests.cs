// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports.Tests;

public sealed class NumberFormatTests
{
    [Theory]
    [InlineData(1234567.0, "1,234,567")]
    [InlineData(18.390356, "18.4")]
    [InlineData(0.0029938, "0.00299")]
    [InlineData(0.0000123, "1.23e−5")]
    [InlineData(0.0003, "0.0003")]
    [InlineData(0.00003, "3e−5")]
    [InlineData(-2.5, "−2.5")]
    [InlineData(0.0, "0")]
    public void Significant_Values_ReadAsExpected(double value, string expected)
    {
        Assert.Equal(expected, NumberFormat.Significant(value));
    }

    [Theory]
    [InlineData(1e-12, "p < 1e-9")]
    [InlineData(3.2e-7, "p = 3.2e−7")]
    [InlineData(0.0346, "p = 0.035")]
    [InlineData(1.0, "p = 1")]
    public void PValue_Values_ReadAsExpected(double p, string expected)
    {
        Assert.Equal(expected, NumberFormat.PValue(p));
    }

    [Theory]
    [InlineData(-2.14, "−2.1%")]
    [InlineData(0.84, "+0.8%")]
    [InlineData(-0.01, "0.0%")]
    public void SignedPercent_Values_UseTypographicMinus(double value, string expected)
    {
        Assert.Equal(expected, NumberFormat.SignedPercent(value));
    }
}
