// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Statistics;

/// <summary>
/// A sample mean with its Student t confidence interval, or the reason there is none
/// (<see cref="Unavailable"/>, e.g. "single round").
/// </summary>
public sealed record MeanEstimate(
    double Mean,
    int Count,
    double StandardDeviation,
    Interval? Confidence,
    string? Unavailable)
{
    /// <summary>Half the width of <see cref="Confidence"/>, the "±" of the report.</summary>
    public double? HalfWidth => Confidence?.HalfWidth;
}
