// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Statistics;

/// <summary>Everything the report says about one patch.</summary>
public sealed record PatchStatistics(
    string Name,
    int Rounds,
    long Ops,
    double ActiveSeconds,
    MeanEstimate Throughput,
    RateEstimate Hits,
    FirstHitSummary FirstHit,
    double? SeqcountRetryRate,
    int FsckErrors,
    string? Filesystem = null);
