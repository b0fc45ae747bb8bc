// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Compare;

/// <summary>
/// Which run settings must match before reports are merged. Results from different workloads,
/// race-window settings or round lengths measure different things: <c>compare</c> refuses them
/// unless forced. Thread counts may differ (machines differ in core count) and are only noted.
/// </summary>
public static class SettingsCheck
{
    /// <summary>Settings that must agree.</summary>
    public static IReadOnlyList<SettingMismatch> Blocking(IReadOnlyList<SourcedReport> reports) =>
        Mismatches(reports,
            ("workload", r => r.Workload),
            ("race_windows", r => Text(r.Options.RaceWindows)),
            ("window_policy", r => r.Patches.Select(p => p.RaceWindows?.Policy).FirstOrDefault(p => p is not null) ?? "uniform"),
            ("round_seconds", r => r.Options.RoundSeconds?.ToString("R", CultureInfo.InvariantCulture) ?? "(unset)"));

    /// <summary>
    /// Settings that may differ between machines; reported as notes. A differing <c>on_bug</c> (or a
    /// report from before crash figures) leaves the merged patches without crash figures
    /// (<see cref="CrashMerger"/>): the verdicts then compare hits.
    /// </summary>
    public static IReadOnlyList<SettingMismatch> Informational(IReadOnlyList<SourcedReport> reports) =>
        Mismatches(reports,
            ("threads", r => r.Options.Threads?.ToString(CultureInfo.InvariantCulture) ?? "(unset)"),
            ("on_bug", r => r.Patches.Select(p => p.Crash?.OnBug).FirstOrDefault() ?? "(no crash figures: a report from before issue 13)"));

    private static List<SettingMismatch> Mismatches(
        IReadOnlyList<SourcedReport> reports, params (string Name, Func<RunReport, string> Value)[] settings)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var found = new List<SettingMismatch>();
        foreach ((string name, Func<RunReport, string> value) in settings)
        {
            KeyValuePair<string, IReadOnlyList<string>>[] groups = [.. reports
                .GroupBy(r => value(r.Report), StringComparer.Ordinal)
                .Select(g => new KeyValuePair<string, IReadOnlyList<string>>(g.Key, [.. g.Select(r => r.File)]))];
            if (groups.Length > 1)
            {
                found.Add(new SettingMismatch(name, groups));
            }
        }

        return found;
    }

    private static string Text(bool? value) => value switch
    {
        true => "true",
        false => "false",
        null => "(unset)",
    };
}
