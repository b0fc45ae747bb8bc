// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Compare;

/// <summary>
/// What <c>compare</c> checks before it adds reports up: no run given twice (same file, same
/// run_id, or the same task of a fleet), and every task of a fleet present (task_count from the
/// reports). Merging is exact only over distinct runs: a report given twice doubles its ops and
/// hits without a trace in the result.
/// </summary>
public static class FleetIntegrity
{
    /// <summary>The problems of <paramref name="sources"/>; a missing task is an error unless <paramref name="allowPartial"/>.</summary>
    public static IntegrityFindings Check(IReadOnlyList<SourcedReport> sources, bool allowPartial)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var findings = new IntegrityFindings();
        foreach (IGrouping<string, SourcedReport> same in sources.GroupBy(s => Path.GetFullPath(s.File), StringComparer.Ordinal).Where(g => g.Count() > 1))
            findings.Errors.Add($"{same.Key} is given {same.Count()} times: its ops and hits would be counted {same.Count()} times");

        List<(string File, ReportIdentity Id)> units = [.. sources.SelectMany(Units)];
        foreach (IGrouping<string?, (string File, ReportIdentity Id)> dup in units.Where(u => u.Id.RunId is not null)
                     .GroupBy(u => u.Id.RunId, StringComparer.Ordinal).Where(g => g.Select(u => u.File).Distinct(StringComparer.Ordinal).Count() > 1))
        {
            findings.Errors.Add($"run_id {dup.Key} appears in {string.Join(" and ", dup.Select(u => u.File).Distinct(StringComparer.Ordinal))}: the same run given twice (a copy, or a merged report beside its inputs) would double its ops and hits");
        }

        foreach (IGrouping<string?, (string File, ReportIdentity Id)> fleet in units.Where(u => u.Id.FleetId is not null && u.Id.TaskIndex is not null)
                     .GroupBy(u => u.Id.FleetId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (IGrouping<int?, (string File, ReportIdentity Id)> task in fleet.GroupBy(u => u.Id.TaskIndex).Where(g => g.Count() > 1))
            {
                if (task.Select(u => u.Id.RunId).Distinct(StringComparer.Ordinal).Count() > 1)
                    findings.Errors.Add(string.Create(CultureInfo.InvariantCulture, $"fleet {fleet.Key}: task {task.Key} appears {task.Count()} times ({string.Join(", ", task.Select(u => u.File))}); give one report per task"));
            }
            int? count = fleet.Max(u => u.Id.TaskCount);
            int[] present = [.. fleet.Select(u => u.Id.TaskIndex!.Value).Distinct().Order()];
            if (count is int n)
            {
                int[] missing = [.. Enumerable.Range(0, n).Except(present)];
                if (missing.Length > 0)
                {
                    string text = string.Create(CultureInfo.InvariantCulture,
                        $"fleet {fleet.Key}: {missing.Length} of {n} tasks missing: {Ranges(missing)} (no report.json for them)");
                    if (allowPartial)
                        findings.Warnings.Add(text + "; merging the others (--allow-partial)");
                    else
                        findings.Errors.Add(text + "; pass --allow-partial to merge the others");
                }
                else
                {
                    findings.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"fleet {fleet.Key}: all {n} tasks present"));
                }
            }
            else
            {
                findings.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"fleet {fleet.Key}: tasks {Ranges(present)} (task count unknown: completeness not checked)"));
            }
            foreach ((string file, ReportIdentity id) in fleet.Where(u => u.Id.EndReason is not (null or "duration" or "first-hit")).OrderBy(u => u.Id.TaskIndex))
                findings.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"fleet {fleet.Key}: task {id.TaskIndex} ended by {id.EndReason} ({file}): it ran shorter than asked"));
        }
        return findings;
    }

    /// <summary>"0-2, 5, 7-8".</summary>
    public static string Ranges(IReadOnlyList<int> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var parts = new List<string>();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
                j++;
            parts.Add(j == i ? sorted[i].ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{sorted[i]}-{sorted[j]}"));
            i = j + 1;
        }
        return string.Join(", ", parts);
    }

    private static IEnumerable<(string File, ReportIdentity Id)> Units(SourcedReport s) =>
        s.Report.MergedFrom is { Count: > 0 } nested
            ? nested.Select(n => ($"{s.File} (merged from {n.File})", ReportIdentity.Of(n)))
            : [(s.File, ReportIdentity.Of(s.Report))];
}

/// <summary>What <see cref="FleetIntegrity.Check"/> found: errors refuse the merge.</summary>
public sealed class IntegrityFindings
{
    public List<string> Errors { get; } = [];

    public List<string> Warnings { get; } = [];

    public List<string> Notes { get; } = [];
}
