// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;
using MathNet.Numerics.Statistics;

namespace DcacheStress.Reports.Statistics;

/// <summary>
/// What the report says about one patch's crashes (issue 13, D13): crashes per 10^9 ops at risk,
/// boots with a root-cause hit per 10^9 ops (a burst counts once), the raw root-cause rate, and
/// the ops and seconds from boot to crash (Drokin's "5 to 30 minutes to hit"). Ops per crash is
/// ops at risk over crashes, which counts the last, uncrashed boot's ops too (the exponential
/// model's estimate of the mean); the medians are over the crashes seen.
/// </summary>
public sealed record CrashStatistics(
    string OnBug,
    int Boots,
    RateEstimate Crashes,
    RateEstimate RootCauseBoots,
    RateEstimate RootCauseHits,
    long OpsAfterCrash,
    long HitsAfterCrash,
    double? OpsPerCrash,
    double? MedianOpsToCrash,
    double? MedianSecondsToCrash,
    FirstHitSummary FirstCrash)
{
    /// <summary>The crash statistics of <paramref name="patch"/>; null for a report written before issue 13.</summary>
    public static CrashStatistics? From(PatchResult patch, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (patch.Crash is not CrashResult c)
        {
            return null;
        }

        return new CrashStatistics(
            c.OnBug,
            c.Boots,
            PoissonInterval.PerBillionOps(c.Crashes, c.OpsAtRisk, level),
            PoissonInterval.PerBillionOps(c.BootsWithRootCause, c.RootCauseExposureOps, level),
            PoissonInterval.PerBillionOps(c.RootCauseHits, c.OpsAtRisk, level),
            c.OpsAfterCrash,
            c.AfterCrashHits.Values.Sum(),
            c.Crashes > 0 ? (double)c.OpsAtRisk / c.Crashes : null,
            c.OpsToCrash.Count > 0 ? c.OpsToCrash.Select(x => (double)x).Median() : null,
            c.SecondsToCrash.Count > 0 ? c.SecondsToCrash.Median() : null,
            FirstHitSummary.From([.. patch.Rounds.Select(r => r.FirstCrashSeconds)]));
    }
}
