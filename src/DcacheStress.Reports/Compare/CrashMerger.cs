// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Compare;

/// <summary>
/// Merges one patch's crash figures over a fleet's reports: counts and exposures summed, per-crash
/// lists concatenated, the first crash the earliest. Null when any part has none (a report written
/// before issue 13) or the parts disagree on <c>on_bug</c>: the merged patch then falls back to
/// the hit figures, which every report has, rather than to a partial crash count.
/// </summary>
public static class CrashMerger
{
    public static CrashResult? Merge(IReadOnlyList<PatchResult> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0 || parts.Any(p => p.Crash is null))
        {
            return null;
        }

        CrashResult[] c = [.. parts.Select(p => p.Crash!)];
        if (c.Select(x => x.OnBug).Distinct(StringComparer.Ordinal).Count() != 1)
        {
            return null;
        }

        return new CrashResult
        {
            OnBug = c[0].OnBug,
            Boots = c.Sum(x => x.Boots),
            Crashes = c.Sum(x => x.Crashes),
            CrashesByInvariant = Sum(c.Select(x => x.CrashesByInvariant)),
            OpsAtRisk = c.Sum(x => x.OpsAtRisk),
            OpsAfterCrash = c.Sum(x => x.OpsAfterCrash),
            FirstCrashSeconds = c.Min(x => x.FirstCrashSeconds),
            OpsToCrash = [.. c.SelectMany(x => x.OpsToCrash)],
            SecondsToCrash = [.. c.SelectMany(x => x.SecondsToCrash)],
            RootCauseHits = c.Sum(x => x.RootCauseHits),
            BootsWithRootCause = c.Sum(x => x.BootsWithRootCause),
            RootCauseExposureOps = c.Sum(x => x.RootCauseExposureOps),
            AfterCrashHits = Sum(c.Select(x => x.AfterCrashHits)),
        };
    }

    private static Dictionary<string, long> Sum(IEnumerable<IReadOnlyDictionary<string, long>> counts)
    {
        var sum = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (IReadOnlyDictionary<string, long> one in counts)
        {
            foreach ((string key, long value) in one)
            {
                sum[key] = sum.GetValueOrDefault(key) + value;
            }
        }

        return sum;
    }
}
