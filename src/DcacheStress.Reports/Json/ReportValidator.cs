// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Json;

/// <summary>
/// Checks what the JSON shape cannot: counts not negative, times finite, patch names unique,
/// rounds consistent. Problems are named by JSON path so a user can find them in the file.
/// </summary>
internal static class ReportValidator
{
    private const int MaxProblems = 10;

    public static IReadOnlyList<string> Validate(RunReport report)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(report.Version))
        {
            problems.Add("$.version is empty");
        }

        if (report.EndedUtc < report.StartedUtc)
        {
            problems.Add("$.ended_utc is before $.started_utc");
        }

        if (report.Patches.Count == 0)
        {
            problems.Add("$.patches is empty (a report needs at least one patch)");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < report.Patches.Count; i++)
        {
            PatchResult patch = report.Patches[i];
            string at = $"$.patches[{i}]";
            if (string.IsNullOrWhiteSpace(patch.Name))
            {
                problems.Add($"{at}.name is empty");
            }
            else if (!names.Add(patch.Name))
            {
                problems.Add($"{at}.name \"{patch.Name}\" appears twice");
            }

            ValidatePatch(patch, at, problems);
        }

        ValidateTimeline(report, problems);
        return problems.Count > MaxProblems ? [.. problems.Take(MaxProblems), "..."] : problems;
    }

    private static void ValidatePatch(PatchResult patch, string at, List<string> problems)
    {
        NotNegative(patch.Ops, $"{at}.ops", problems);
        NotNegative(patch.ActiveSeconds, $"{at}.active_seconds", problems);
        NotNegative(patch.OpsPerSecond, $"{at}.ops_per_second", problems);
        NotNegative(patch.SeqcountRetries, $"{at}.seqcount_retries", problems);
        NotNegative(patch.Lookups, $"{at}.lookups", problems);
        NotNegative(patch.FsckErrors, $"{at}.fsck_errors", problems);
        if (patch.FirstHitSeconds is double first)
        {
            NotNegative(first, $"{at}.first_hit_seconds", problems);
        }

        foreach ((string name, long count) in patch.InvariantHits)
        {
            NotNegative(count, $"{at}.invariant_hits[\"{name}\"]", problems);
        }

        foreach ((string name, long count) in patch.Observations)
        {
            NotNegative(count, $"{at}.observations[\"{name}\"]", problems);
        }

        for (int r = 0; r < patch.Rounds.Count; r++)
        {
            RoundResult round = patch.Rounds[r];
            string rat = $"{at}.rounds[{r}]";
            NotNegative(round.Ops, $"{rat}.ops", problems);
            NotNegative(round.ActiveSeconds, $"{rat}.active_seconds", problems);
            NotNegative(round.Hits, $"{rat}.hits", problems);
            if (round.FirstHitSeconds is double roundFirst)
            {
                NotNegative(roundFirst, $"{rat}.first_hit_seconds", problems);
            }

            NotNegative(round.Crashes, $"{rat}.crashes", problems);
        }

        if (patch.Crash is CrashResult crash)
        {
            ValidateCrash(crash, $"{at}.crash", problems);
        }
    }

    private static void ValidateCrash(CrashResult crash, string at, List<string> problems)
    {
        if (crash.OnBug is not ("reboot" or "continue"))
        {
            problems.Add($"{at}.on_bug is \"{crash.OnBug}\" (allowed: reboot, continue)");
        }

        if (crash.Boots < 1)
        {
            problems.Add($"{at}.boots must be at least 1 (is {crash.Boots.ToString(CultureInfo.InvariantCulture)})");
        }

        NotNegative(crash.Crashes, $"{at}.crashes", problems);
        if (crash.Crashes > crash.Boots)
        {
            problems.Add($"{at}.crashes ({crash.Crashes.ToString(CultureInfo.InvariantCulture)}) exceeds boots ({crash.Boots.ToString(CultureInfo.InvariantCulture)}): at most one crash per boot");
        }

        NotNegative(crash.OpsAtRisk, $"{at}.ops_at_risk", problems);
        NotNegative(crash.OpsAfterCrash, $"{at}.ops_after_crash", problems);
        NotNegative(crash.RootCauseHits, $"{at}.root_cause_hits", problems);
        NotNegative(crash.BootsWithRootCause, $"{at}.boots_with_root_cause", problems);
        NotNegative(crash.RootCauseExposureOps, $"{at}.root_cause_exposure_ops", problems);
    }

    private static void ValidateTimeline(RunReport report, List<string> problems)
    {
        if (report.Timeline is null)
        {
            return;
        }

        for (int i = 0; i < report.Timeline.Count; i++)
        {
            TimelineSample sample = report.Timeline[i];
            NotNegative(sample.TSeconds, $"$.timeline[{i}].t_seconds", problems);
            NotNegative(sample.Ops, $"$.timeline[{i}].ops", problems);
            NotNegative(sample.Hits, $"$.timeline[{i}].hits", problems);
        }
    }

    private static void NotNegative(long value, string at, List<string> problems)
    {
        if (value < 0)
        {
            problems.Add($"{at} must not be negative (is {value.ToString(CultureInfo.InvariantCulture)})");
        }
    }

    private static void NotNegative(double value, string at, List<string> problems)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            problems.Add($"{at} must be a finite number ≥ 0 (is {value.ToString("R", CultureInfo.InvariantCulture)})");
        }
    }
}
