// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Statistics;

/// <summary>
/// Everything the report says about one patch. <see cref="Hits"/> counts every invariant hit, as
/// before issue 13; <see cref="Crash"/> (null for older reports) has the crash unit.
/// </summary>
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
    CrashStatistics? Crash = null,
    string? Filesystem = null)
{
    /// <summary>Whether rates and verdicts use crashes: the run rebooted after each crash (<c>--on-bug reboot</c>).</summary>
    public bool RatesUseCrashes => Crash is { OnBug: "reboot" };
}
