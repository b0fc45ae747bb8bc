// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Statistics;

/// <summary>
/// Hit rate of A over hit rate of B, (hitsA/opsA)/(hitsB/opsB), with its exact interval and the
/// two-sided p-value of "same rate". <see cref="RateRatio"/> is infinite when B had no hits and
/// NaN when neither did; <see cref="Confidence"/> is null when the ratio is not estimable.
/// </summary>
public sealed record RateRatioResult(
    long HitsA,
    long OpsA,
    long HitsB,
    long OpsB,
    double RateRatio,
    Interval? Confidence,
    double PValue);
