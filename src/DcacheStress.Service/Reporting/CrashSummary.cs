// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;
using DcacheStress.Workload;

namespace DcacheStress.Service.Reporting;

/// <summary>A target's <see cref="CrashTotals"/> as report.json's <see cref="CrashResult"/>.</summary>
public static class CrashSummary
{
    /// <summary>The report form of <paramref name="totals"/> for a run with <paramref name="onBug"/>.</summary>
    public static CrashResult Result(CrashTotals totals, OnBug onBug)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return new CrashResult
        {
            OnBug = OnBugNames.Name(onBug),
            Boots = totals.Boots,
            Crashes = totals.Crashes,
            CrashesByInvariant = totals.CrashesByInvariant,
            OpsAtRisk = totals.OpsAtRisk,
            OpsAfterCrash = totals.OpsAfterCrash,
            FirstCrashSeconds = totals.FirstCrashSeconds,
            OpsToCrash = totals.OpsToCrash,
            SecondsToCrash = totals.SecondsToCrash,
            RootCauseHits = totals.RootCauseHits,
            BootsWithRootCause = totals.BootsWithRootCause,
            RootCauseExposureOps = totals.OpsToRootCauseExposure,
            AfterCrashHits = totals.AfterCrashHits,
        };
    }
}
