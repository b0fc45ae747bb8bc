// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Tests;

/// <summary>
/// Report fixtures. <see cref="Realistic"/> looks like a 4-patch open-storm run (interleaved
/// 5 s rounds, a timeline, a sweep and crash records); the others are small and exact.
/// </summary>
internal static class SampleReports
{
    public static readonly DateTimeOffset Start = new(2016, 7, 4, 12, 0, 0, TimeSpan.Zero);

    public static MachineInfo Machine(string cpu = "Test CPU @ 3.0GHz", int cores = 16) => new()
    {
        CpuModel = cpu,
        Cores = cores,
        Smt = true,
        Os = "Debian GNU/Linux 12",
        Dotnet = "10.0.1",
    };

    public static RunOptions Options(string workload = "open-storm", bool raceWindows = true, double roundSeconds = 5, int threads = 16) => new()
    {
        Workload = workload,
        Threads = threads,
        DurationSeconds = 240,
        RoundSeconds = roundSeconds,
        RaceWindows = raceWindows,
        Seed = 42,
        Patches = ["v4.7-rc6", "v4.7"],
        MetricsUrl = "http://127.0.0.1:9464/metrics",
    };

    /// <summary>A patch with the given rounds; totals are the sums of the rounds.</summary>
    public static PatchResult Patch(string name, params RoundResult[] rounds)
    {
        long ops = rounds.Sum(r => r.Ops);
        double active = rounds.Sum(r => r.ActiveSeconds);
        long hits = rounds.Sum(r => r.Hits);
        return new PatchResult
        {
            Name = name,
            Ops = ops,
            ActiveSeconds = active,
            OpsPerSecond = active > 0 ? ops / active : 0,
            InvariantHits = hits > 0 ? new Dictionary<string, long> { ["d_splice_alias.hashed"] = hits } : [],
            Observations = new Dictionary<string, long> { ["atomic_open.shared_dentry"] = hits * 3 },
            FirstHitSeconds = rounds.Where(r => r.FirstHitSeconds.HasValue).Select(r => r.FirstHitSeconds).FirstOrDefault(),
            SeqcountRetries = ops / 1000,
            Lookups = ops / 2,
            FsckErrors = 0,
            Rounds = rounds,
        };
    }

    public static RoundResult Round(int index, long ops, double seconds = 5, long hits = 0, double? firstHit = null) => new()
    {
        Index = index,
        Seed = 1000UL + (ulong)index,
        Ops = ops,
        ActiveSeconds = seconds,
        Hits = hits,
        FirstHitSeconds = hits > 0 ? firstHit ?? 0.5 : null,
        HitsByInvariant = hits > 0 ? new Dictionary<string, long> { ["d_splice_alias.hashed"] = hits } : [],
    };

    /// <summary>Two patches, three rounds each: a broken one with hits and a fixed one without.</summary>
    public static RunReport Small(string workload = "open-storm", bool raceWindows = true, double roundSeconds = 5, int threads = 16) => new()
    {
        Version = "0.1.0",
        StartedUtc = Start,
        EndedUtc = Start.AddSeconds(30),
        Machine = Machine(),
        Options = Options(workload, raceWindows, roundSeconds, threads),
        Seed = 42,
        Workload = workload,
        Patches =
        [
            Patch("v4.7-rc6", Round(0, 10_000_000, hits: 40, firstHit: 0.25), Round(2, 10_200_000, hits: 35, firstHit: 0.5), Round(4, 9_900_000, hits: 25, firstHit: 1.0)),
            Patch("v4.7", Round(1, 9_800_000), Round(3, 9_900_000), Round(5, 10_000_000)),
        ],
    };

    /// <summary>
    /// <see cref="Small"/> with its first patch replaced by <paramref name="first"/>, and the run's
    /// workload name (its options unchanged) and crash records set where given.
    /// </summary>
    public static RunReport SmallWithFirstPatch(PatchResult first, string? workload = null, IReadOnlyList<CrashRecordSummary>? crashRecords = null)
    {
        RunReport r = Small();
        return new RunReport
        {
            Version = r.Version, StartedUtc = r.StartedUtc, EndedUtc = r.EndedUtc, Machine = r.Machine, Options = r.Options,
            Seed = r.Seed, Workload = workload ?? r.Workload,
            Patches = [first, r.Patches[1]],
            CrashRecords = crashRecords,
        };
    }

    /// <summary>The sample the HTML is judged on: 4 patches, 12 interleaved rounds each.</summary>
    public static RunReport Realistic() => new RealisticReportBuilder(seed: 20160704).Build();
}
