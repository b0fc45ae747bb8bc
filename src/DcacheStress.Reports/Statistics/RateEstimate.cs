// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Statistics;

/// <summary>Hits per 10^9 operations with its exact Poisson interval (null when there were no ops).</summary>
public sealed record RateEstimate(long Hits, long Ops, double PerBillion, Interval? Confidence);
