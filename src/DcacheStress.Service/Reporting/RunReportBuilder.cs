// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using DcacheStress.Kernel;
using DcacheStress.Reports.Model;
using DcacheStress.Reports.Statistics;
using DcacheStress.Service.Configuration;
using DcacheStress.Workload;

namespace DcacheStress.Service.Reporting;

/// <summary>Builds report.json's <see cref="RunReport"/> from a <see cref="RunSummary"/>.</summary>
public static class RunReportBuilder
{
    /// <summary>The report of <paramref name="run"/>.</summary>
    public static RunReport Build(RunSummary run)
    {
        StressRunSettings s = run.Settings;
        StressOptions o = s.Engine;
        var other = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["stop_on_first_hit"] = El(o.StopOnFirstHit),
            ["on_bug"] = El(OnBugNames.Name(o.OnBug)),
            ["window_policy"] = El(WindowPolicyNames.Name(o.WindowPolicy)),
            ["cpu_seconds"] = El(run.CpuSeconds),
            ["stop_on_first_crash"] = El(o.StopOnFirstCrash),
            ["pin"] = El(o.Pin),
            ["names"] = El(o.Names),
            ["mounts"] = El(o.Mounts),
            ["rpc_latency_ns"] = El(o.RpcLatencyNs),
            ["attr_cache_scale"] = El(o.AttrCacheScale),
            ["churn"] = El(o.Churn),
            ["fanout"] = El(o.Fanout),
            ["depth"] = El(o.Depth),
            ["d_hash_shift"] = El(o.DHashShift),
            ["warmup_seconds"] = El(o.Warmup.TotalSeconds),
            ["seed_from_clock"] = El(s.SeedFromClock),
            ["report_dir"] = El(s.ReportDir),
            ["end_reason"] = El(run.EndReason),
            ["elapsed_seconds"] = El(run.ElapsedSeconds),
            ["unstoppable_threads"] = El(run.UnstoppableThreads),
            ["crash_records_written"] = El(run.CrashRecordFiles.Count),
            ["crash_records_dropped"] = El(run.CrashRecordsDropped),
            ["hits_not_recorded"] = El(run.HitsNotRecorded),
            ["invariant_kinds"] = El(InvariantKinds(run.Patches)),
            ["expected_clean"] = El(run.Patches.ToDictionary(p => p.Name, p => p.ExpectedClean, StringComparer.Ordinal)),
            ["watchdog"] = El(run.Stalls.Select(w => new Dictionary<string, object?>
            {
                ["worker"] = w.Worker,
                ["thread"] = w.Comm,
                ["patch"] = w.Patch,
                ["wchan"] = w.Wchan,
                ["stuck_seconds"] = w.StuckSeconds,
                ["last_events"] = w.LastEvents,
            }).ToList()),
            [PairSelection.BaselineKey] = El(s.Baseline),
            [PairSelection.AllPairsKey] = El(s.AllPairs),
            ["service_version"] = El(ServiceVersion.Informational),
            ["ported_kernel"] = El(ServiceVersion.PortedKernel),
        };
        foreach ((string key, JsonElement value) in s.Identity.ReportFields())
            other[key] = value;
        foreach ((string key, JsonElement value) in run.Extra)
            other[key] = value;
        return new RunReport
        {
            Version = ServiceVersion.Short,
            StartedUtc = run.StartedUtc,
            EndedUtc = run.EndedUtc < run.StartedUtc ? run.StartedUtc : run.EndedUtc,
            Machine = run.Machine,
            Options = new RunOptions
            {
                Workload = s.WorkloadName,
                Threads = o.Threads,
                DurationSeconds = o.Duration.TotalSeconds,
                RoundSeconds = o.Round.TotalSeconds,
                RaceWindows = o.RaceWindows,
                Seed = o.Seed,
                Patches = [.. o.Patches],
                MetricsUrl = s.Metrics is null ? MetricsEndpoint.None : s.Metrics.ScrapeUrl(s.Metrics.Port),
                Other = other,
            },
            Seed = o.Seed,
            Workload = s.WorkloadName,
            Patches = [.. run.Patches.Select(p => Patch(p, o.WindowPolicy))],
            Timeline = run.Timeline,
            CrashRecords = run.CrashRecords,
            Soak = run.Soak,
        };
    }

    private static PatchResult Patch(PatchFigures p, WindowPolicy policy) => new()
    {
        Name = p.Name,
        Filesystem = p.Filesystem,
        Ops = p.Ops,
        ActiveSeconds = p.ActiveSeconds,
        OpsPerSecond = p.OpsPerSecond,
        InvariantHits = p.InvariantHits,
        Observations = p.Observations,
        FirstHitSeconds = p.FirstHitSeconds,
        SeqcountRetries = p.SeqcountRetries,
        Lookups = p.Lookups,
        FsckErrors = p.FsckErrors.Count,
        Rounds = [.. p.Rounds.Select(r => new RoundResult
        {
            Index = r.Index,
            Seed = r.Seed,
            Ops = r.Ops,
            ActiveSeconds = r.ActiveSeconds,
            Hits = r.Hits,
            FirstHitSeconds = r.FirstHitSeconds,
            HitsByInvariant = r.HitsByInvariant,
            Crashes = r.Crashes,
            FirstCrashSeconds = r.FirstCrashSeconds,
        })],
        Crash = CrashSummary.Result(p.Crash, p.OnBug),
        RaceWindows = p.RaceWindowSites is not { } sites ? null : new RaceWindowResult
        {
            Policy = WindowPolicyNames.Name(policy),
            AttributedHits = p.RaceWindowHits,
            AttributedCrashes = p.RaceWindowCrashes,
            Sites = [.. sites.Select(r => new RaceWindowSiteResult
            {
                Site = r.Name,
                Probability = r.Probability,
                Delays = r.Delays,
                DelaySeconds = r.DelaySeconds,
                HitsPrecededOwn = r.HitsPrecededOwn,
                HitsPreceded = r.HitsPreceded,
                CrashesPreceded = r.CrashesPreceded,
                HitsPerMillionDelays = r.HitsPerMillionDelays,
            })],
        },
    };

    /// <summary>Kind of every invariant that was hit (kernel BUG sites apart from root-cause checks).</summary>
    private static SortedDictionary<string, string> InvariantKinds(IEnumerable<PatchFigures> patches)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in patches.SelectMany(p => p.InvariantHits.Keys))
        {
            if (InvariantInfo.TryParse(name, out Invariant inv))
                map[name] = Crash.CrashRecorder.KindName(InvariantInfo.Kind(inv));
        }
        return map;
    }

    private static JsonElement El<T>(T value) => JsonSerializer.SerializeToElement(value);
}
