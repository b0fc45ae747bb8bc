// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Compare;

/// <summary>
/// Merges the reports of a fleet into one: for each patch (by name) rounds are concatenated
/// (renumbered 0..n−1, seeds kept), totals summed, invariant and observation counts summed by
/// name and first-hit times pooled (the run-level first hit is the earliest). Timelines are
/// summed on a common time axis; sweep rows and crash records are concatenated; crash figures
/// are summed by <see cref="CrashMerger"/>.
/// </summary>
public static class ReportMerger
{
    public static RunReport Merge(IReadOnlyList<SourcedReport> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentOutOfRangeException.ThrowIfZero(sources.Count);
        if (sources.Count == 1)
        {
            return sources[0].Report;
        }

        RunReport[] reports = [.. sources.Select(s => s.Report)];
        RunReport first = reports[0];
        string[] patchNames = [.. reports.SelectMany(r => r.Patches).Select(p => p.Name).Distinct(StringComparer.Ordinal)];
        bool sameThreads = reports.Select(r => r.Options.Threads).Distinct().Count() == 1;
        return new RunReport
        {
            Version = Joined(reports.Select(r => r.Version)),
            StartedUtc = reports.Min(r => r.StartedUtc),
            EndedUtc = reports.Max(r => r.EndedUtc),
            Machine = MergeMachines(reports),
            Options = new RunOptions
            {
                Workload = first.Options.Workload,
                Threads = sameThreads ? first.Options.Threads : null,
                DurationSeconds = first.Options.DurationSeconds,
                RoundSeconds = first.Options.RoundSeconds,
                RaceWindows = first.Options.RaceWindows,
                Seed = first.Options.Seed,
                Patches = patchNames,
                MetricsUrl = first.Options.MetricsUrl,
                // A merged report is not one run: the inputs' identities live in merged_from.
                Other = first.Options.Other?.Where(kv => !ReportIdentity.OptionKeys.Contains(kv.Key, StringComparer.Ordinal))
                    .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            },
            Seed = first.Seed,
            Workload = Joined(reports.Select(r => r.Workload), " + "),
            Patches = [.. patchNames.Select(name => MergePatch(name, [.. reports.SelectMany(r => r.Patches).Where(p => p.Name == name)]))],
            Timeline = TimelineMerger.Merge(reports),
            Sweep = Concat(reports.Select(r => r.Sweep)),
            CrashRecords = Concat(reports.Select(r => r.CrashRecords)),
            Soak = null,
            MergedFrom = [.. sources.SelectMany(Sources)],
        };
    }

    internal static PatchResult MergePatch(string name, IReadOnlyList<PatchResult> parts)
    {
        long ops = parts.Sum(p => p.Ops);
        double active = parts.Sum(p => p.ActiveSeconds);
        RoundResult[] rounds = [.. parts.SelectMany(p => p.Rounds)];
        return new PatchResult
        {
            Name = name,
            Filesystem = parts.Select(p => p.Filesystem).FirstOrDefault(f => f is not null),
            Ops = ops,
            ActiveSeconds = active,
            OpsPerSecond = active > 0 ? ops / active : 0,
            InvariantHits = SumByName(parts.Select(p => p.InvariantHits)),
            Observations = SumByName(parts.Select(p => p.Observations)),
            FirstHitSeconds = parts.Min(p => p.FirstHitSeconds),
            SeqcountRetries = parts.Sum(p => p.SeqcountRetries),
            Lookups = parts.Sum(p => p.Lookups),
            FsckErrors = parts.Sum(p => p.FsckErrors),
            Rounds = [.. rounds.Select((r, i) => new RoundResult
            {
                Index = i,
                Seed = r.Seed,
                Ops = r.Ops,
                ActiveSeconds = r.ActiveSeconds,
                Hits = r.Hits,
                FirstHitSeconds = r.FirstHitSeconds,
                HitsByInvariant = r.HitsByInvariant,
                Crashes = r.Crashes,
                FirstCrashSeconds = r.FirstCrashSeconds,
            })],
            Crash = CrashMerger.Merge(parts),
            RaceWindows = MergeRaceWindows(parts),
        };
    }

    /// <summary>
    /// Per-site sums over the parts that have race-window figures (null when none has); a site's
    /// probability is the mean of the parts' end probabilities.
    /// </summary>
    private static RaceWindowResult? MergeRaceWindows(IReadOnlyList<PatchResult> parts)
    {
        RaceWindowResult[] windows = [.. parts.Select(p => p.RaceWindows).OfType<RaceWindowResult>()];
        if (windows.Length == 0)
        {
            return null;
        }

        var sites = windows.SelectMany(w => w.Sites).GroupBy(r => r.Site, StringComparer.Ordinal).Select(g =>
        {
            long delays = g.Sum(r => r.Delays);
            long preceded = g.Sum(r => r.HitsPreceded);
            return new RaceWindowSiteResult
            {
                Site = g.Key,
                Probability = g.Average(r => r.Probability),
                Delays = delays,
                DelaySeconds = g.Sum(r => r.DelaySeconds),
                HitsPrecededOwn = g.Sum(r => r.HitsPrecededOwn),
                HitsPreceded = preceded,
                CrashesPreceded = g.Sum(r => r.CrashesPreceded),
                HitsPerMillionDelays = delays > 0 ? preceded * 1e6 / delays : 0,
            };
        });
        return new RaceWindowResult
        {
            Policy = windows[0].Policy,
            AttributedHits = windows.Sum(w => w.AttributedHits),
            AttributedCrashes = windows.Sum(w => w.AttributedCrashes),
            Sites = [.. sites],
        };
    }

    private static Dictionary<string, long> SumByName(IEnumerable<IReadOnlyDictionary<string, long>> counts)
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

    private static MachineInfo MergeMachines(RunReport[] reports)
    {
        MachineInfo first = reports[0].Machine;
        bool same = reports.All(r => r.Machine.CpuModel == first.CpuModel && r.Machine.Cores == first.Cores &&
                                     r.Machine.Smt == first.Smt && r.Machine.Os == first.Os && r.Machine.Dotnet == first.Dotnet);
        if (same)
        {
            return first;
        }

        return new MachineInfo
        {
            CpuModel = $"{reports.Length} runs on: {Joined(reports.Select(r => r.Machine.CpuModel))}",
            Cores = reports.Max(r => r.Machine.Cores),
            Smt = reports.Any(r => r.Machine.Smt),
            Os = Joined(reports.Select(r => r.Machine.Os)),
            Dotnet = Joined(reports.Select(r => r.Machine.Dotnet)),
        };
    }

    private static IEnumerable<ReportSource> Sources(SourcedReport s)
    {
        if (s.Report.MergedFrom is { Count: > 0 } nested)
            return nested;
        ReportIdentity id = ReportIdentity.Of(s.Report);
        return [new ReportSource
        {
            File = s.File,
            StartedUtc = s.Report.StartedUtc,
            Machine = s.Report.Machine,
            Seed = s.Report.Seed,
            Threads = s.Report.Options.Threads,
            RunId = id.RunId,
            Host = id.Host,
            FleetId = id.FleetId,
            TaskIndex = id.TaskIndex,
            TaskCount = id.TaskCount,
            EndReason = id.EndReason,
            Build = id.Build,
        }];
    }

    private static List<T>? Concat<T>(IEnumerable<IReadOnlyList<T>?> lists)
    {
        List<T> all = [.. lists.SelectMany(l => l ?? [])];
        return all.Count == 0 ? null : all;
    }

    private static string Joined(IEnumerable<string> values, string separator = ", ") =>
        string.Join(separator, values.Distinct(StringComparer.Ordinal));
}
