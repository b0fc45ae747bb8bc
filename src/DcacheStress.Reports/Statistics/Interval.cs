// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Statistics;

/// <summary>A two-sided confidence interval. <see cref="Upper"/> may be positive infinity.</summary>
public readonly record struct Interval(double Lower, double Upper)
{
    public double HalfWidth => (Upper - Lower) / 2;
}
