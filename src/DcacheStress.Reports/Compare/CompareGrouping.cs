// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Compare;

/// <summary>
/// <c>compare --by KEY</c>: instead of pooling every report of a patch, keep the reports of each
/// group apart by renaming their patches <c>patch@group</c>, so that the pair verdicts compare one
/// patch across two builds (old vs new, as benchstat does), hosts or labels.
/// </summary>
public static class CompareGrouping
{
    /// <summary>The keys <c>--by</c> takes.</summary>
    public const string Allowed = "build, host, file, label:KEY";

    /// <summary>Null when <paramref name="by"/> is a known key; otherwise why not.</summary>
    public static string? Validate(string by)
    {
        ArgumentNullException.ThrowIfNull(by);
        return by is "build" or "host" or "file" || (by.StartsWith("label:", StringComparison.Ordinal) && by.Length > "label:".Length)
            ? null
            : $"--by: '{by}' is not a grouping (allowed: {Allowed})";
    }

    /// <summary>The group name of <paramref name="s"/> under <paramref name="by"/>.</summary>
    public static string GroupOf(SourcedReport s, string by)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(by);
        ReportIdentity id = ReportIdentity.Of(s.Report);
        return by switch
        {
            "build" => id.Build,
            "host" => id.Host ?? s.Report.Machine.CpuModel,
            "file" => Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(s.File))) is { Length: > 0 } d ? d : s.File,
            _ => id.Labels.GetValueOrDefault(by["label:".Length..]) ?? "(none)",
        };
    }

    /// <summary>The reports with patches renamed <c>patch@group</c>, and the groups found.</summary>
    public static (IReadOnlyList<SourcedReport> Reports, IReadOnlyList<string> Groups) Apply(IReadOnlyList<SourcedReport> sources, string by)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var groups = new List<string>();
        var renamed = new List<SourcedReport>();
        foreach (SourcedReport s in sources)
        {
            string g = GroupOf(s, by);
            if (!groups.Contains(g, StringComparer.Ordinal))
                groups.Add(g);
            renamed.Add(s with { Report = Rename(s.Report, g) });
        }
        return (renamed, groups);
    }

    private static RunReport Rename(RunReport r, string group)
    {
        string Name(string patch) => $"{patch}@{group}";
        Dictionary<string, JsonElement>? other = r.Options.Other is null ? null : new(r.Options.Other, StringComparer.Ordinal);
        if (other is not null && other.TryGetValue("expected_clean", out JsonElement clean) && clean.ValueKind == JsonValueKind.Object)
            other["expected_clean"] = JsonSerializer.SerializeToElement(clean.EnumerateObject().ToDictionary(p => Name(p.Name), p => p.Value, StringComparer.Ordinal));
        return new RunReport
        {
            Version = r.Version,
            StartedUtc = r.StartedUtc,
            EndedUtc = r.EndedUtc,
            Machine = r.Machine,
            Options = new RunOptions
            {
                Workload = r.Options.Workload,
                Threads = r.Options.Threads,
                DurationSeconds = r.Options.DurationSeconds,
                RoundSeconds = r.Options.RoundSeconds,
                RaceWindows = r.Options.RaceWindows,
                Seed = r.Options.Seed,
                Patches = r.Options.Patches?.Select(Name).ToList(),
                MetricsUrl = r.Options.MetricsUrl,
                Other = other,
            },
            Seed = r.Seed,
            Workload = r.Workload,
            Patches = [.. r.Patches.Select(p => ReportMerger.MergePatch(Name(p.Name), [p]))],
            Timeline = r.Timeline?.Select(t => new TimelineSample { TSeconds = t.TSeconds, Patch = Name(t.Patch), Ops = t.Ops, Hits = t.Hits }).ToList(),
            Sweep = r.Sweep,
            CrashRecords = r.CrashRecords,
            Soak = r.Soak,
            MergedFrom = r.MergedFrom,
        };
    }
}
