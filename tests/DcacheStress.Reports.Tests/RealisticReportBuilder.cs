// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Tests;

/// <summary>
/// Builds a plausible open-storm comparison of the four catalogued patches from a seed:
/// 12 rounds of 5 s per patch interleaved A B C D, per-second timeline samples consistent with
/// the rounds, a thread sweep and crash records. Only the shape is realistic; the numbers are
/// made up (this is test data for the report code, not a measurement).
/// </summary>
internal sealed class RealisticReportBuilder(int seed)
{
    private const int RoundsPerPatch = 12;
    private const double RoundSeconds = 5;

    // name, ops/s, mean seconds to first hit (0 = never hits), hits per second after the first.
    private static readonly (string Name, double OpsPerSecond, double MeanFirstHit, double HitsPerSecond)[] Patches =
    [
        ("v4.7-rc6", 2_050_000, 0.08, 24),
        ("viro-2016-07-03", 2_080_000, 2.2, 0.9),
        ("v4.7", 2_065_000, 0, 0),
        ("revalidate-zero", 1_930_000, 0, 0),
    ];

    private readonly Random _random = new(seed);

    public RunReport Build()
    {
        var rounds = new List<RoundResult>[Patches.Length];
        for (int p = 0; p < Patches.Length; p++)
        {
            rounds[p] = [];
        }

        for (int k = 0; k < RoundsPerPatch * Patches.Length; k++)
        {
            int p = k % Patches.Length;
            rounds[p].Add(MakeRound(k, Patches[p]));
        }

        double total = RoundsPerPatch * Patches.Length * RoundSeconds;
        return new RunReport
        {
            Version = "0.1.0",
            StartedUtc = SampleReports.Start,
            EndedUtc = SampleReports.Start.AddSeconds(total + 1.3),
            Machine = new MachineInfo { CpuModel = "AMD EPYC 7763 64-Core Processor", Cores = 16, Smt = true, Os = "Debian GNU/Linux 12 (bookworm)", Dotnet = "10.0.1" },
            Options = new RunOptions
            {
                Workload = "open-storm",
                Threads = 16,
                DurationSeconds = total,
                RoundSeconds = RoundSeconds,
                RaceWindows = true,
                Seed = 0x5eed_2016_0704UL,
                Patches = [.. Patches.Select(p => p.Name)],
                MetricsUrl = "http://127.0.0.1:9464/metrics",
                // As the service writes it: the verdicts' default baseline is the first clean patch.
                Other = new Dictionary<string, System.Text.Json.JsonElement>
                {
                    ["expected_clean"] = System.Text.Json.JsonSerializer.SerializeToElement(
                        Patches.ToDictionary(p => p.Name, p => p.Name is "v4.7" or "revalidate-zero")),
                },
            },
            Seed = 0x5eed_2016_0704UL,
            Workload = "open-storm",
            Patches = [.. Patches.Select((p, i) => Totals(p.Name, rounds[i]))],
            Timeline = Timeline(rounds, total),
            Sweep = Sweep(),
            CrashRecords = CrashRecords(),
        };
    }

    private RoundResult MakeRound(int index, (string Name, double OpsPerSecond, double MeanFirstHit, double HitsPerSecond) patch)
    {
        double opsPerSecond = patch.OpsPerSecond * (1 + (0.012 * Gaussian()));
        double? firstHit = null;
        long hits = 0;
        if (patch.MeanFirstHit > 0)
        {
            double t = -patch.MeanFirstHit * Math.Log(1 - _random.NextDouble());
            if (t < RoundSeconds)
            {
                firstHit = Math.Round(t, 4);
                hits = 1 + (long)Math.Round(patch.HitsPerSecond * (RoundSeconds - t) * (0.7 + (0.6 * _random.NextDouble())));
            }
        }

        return new RoundResult
        {
            Index = index,
            Seed = 0x9e37_79b9UL * (ulong)(index + 1),
            Ops = (long)(opsPerSecond * RoundSeconds),
            ActiveSeconds = RoundSeconds,
            Hits = hits,
            FirstHitSeconds = firstHit,
            HitsByInvariant = Split(hits),
        };
    }

    private static Dictionary<string, long> Split(long hits)
    {
        if (hits == 0)
        {
            return [];
        }

        long second = hits / 9;
        var split = new Dictionary<string, long> { ["d_splice_alias.hashed"] = hits - second };
        if (second > 0)
        {
            split["d_add.hashed"] = second;
        }

        return split;
    }

    private static PatchResult Totals(string name, List<RoundResult> rounds)
    {
        long ops = rounds.Sum(r => r.Ops);
        double active = rounds.Sum(r => r.ActiveSeconds);
        var hits = new Dictionary<string, long>();
        foreach ((string key, long count) in rounds.SelectMany(r => r.HitsByInvariant))
        {
            hits[key] = hits.GetValueOrDefault(key) + count;
        }

        RoundResult? firstRound = rounds.FirstOrDefault(r => r.FirstHitSeconds.HasValue);
        long total = hits.Values.Sum();
        return new PatchResult
        {
            Name = name,
            Ops = ops,
            ActiveSeconds = active,
            OpsPerSecond = ops / active,
            InvariantHits = hits,
            Observations = new Dictionary<string, long>
            {
                ["atomic_open.shared_dentry"] = total * 4,
                ["d_revalidate.stale_negative"] = ops / 5000,
            },
            FirstHitSeconds = firstRound is null ? null : (rounds.IndexOf(firstRound) * RoundSeconds) + firstRound.FirstHitSeconds,
            SeqcountRetries = ops / 850,
            Lookups = ops * 3,
            FsckErrors = 0,
            Rounds = rounds,
        };
    }

    // Cumulative per-patch counters once a second, consistent with the interleaved rounds.
    private static List<TimelineSample> Timeline(List<RoundResult>[] rounds, double total)
    {
        var samples = new List<TimelineSample>();
        for (int t = 0; t <= (int)total; t++)
        {
            for (int p = 0; p < rounds.Length; p++)
            {
                long ops = 0;
                long hits = 0;
                foreach (RoundResult r in rounds[p])
                {
                    double start = r.Index * RoundSeconds;
                    double into = Math.Clamp(t - start, 0, RoundSeconds);
                    ops += (long)(r.Ops * into / RoundSeconds);
                    if (r.FirstHitSeconds is double first && into >= first)
                    {
                        hits += into >= RoundSeconds ? r.Hits : 1 + (long)((r.Hits - 1) * (into - first) / (RoundSeconds - first));
                    }
                }

                samples.Add(new TimelineSample { TSeconds = t, Patch = Patches[p].Name, Ops = ops, Hits = hits });
            }
        }

        return samples;
    }

    private static List<SweepRow> Sweep()
    {
        var rows = new List<SweepRow>();
        foreach ((string impl, double single, double falloff) in new[] { ("v4.7", 3_100_000.0, 0.018), ("global-lock", 4_200_000.0, 0.45) })
        {
            foreach (int threads in new[] { 1, 2, 4, 8, 12, 16 })
            {
                double efficiency = 1 / (1 + (falloff * (threads - 1)));
                double ops = single * threads * efficiency;
                rows.Add(new SweepRow
                {
                    Impl = impl,
                    Threads = threads,
                    Churn = 0.01,
                    OpsPerSecond = ops,
                    PerThread = ops / threads,
                    Linear = single * threads,
                    Efficiency = efficiency,
                    SeqcountRetryRatio = impl == "v4.7" ? 0.0004 * threads : 0,
                });
            }
        }

        return rows;
    }

    private static List<CrashRecordSummary> CrashRecords() =>
    [
        new()
        {
            Invariant = "d_splice_alias.hashed",
            Patch = "v4.7-rc6",
            Thread = 5,
            TimeSeconds = 0.0731,
            Dentry = new Dictionary<string, string>
            {
                ["d_name"] = "dir0/f13",
                ["d_flags"] = "DCACHE_OP_REVALIDATE|DCACHE_RCUACCESS|DCACHE_REFERENCED",
                ["hashed"] = "true",
                ["in_lookup"] = "false",
                ["positive"] = "true",
                ["d_lockref.count"] = "3",
            },
            Events =
            [
                "T2 lookup_fast(dir0, \"f13\") -> negative dentry #4711 (hashed)",
                "T5 lookup_fast(dir0, \"f13\") -> negative dentry #4711 (hashed)",
                "T2 nfs_atomic_open(#4711): d_drop",
                "T5 nfs_atomic_open(#4711): d_unhashed -> true, keeps the shared dentry",
                "T2 rpc OPEN f13 -> fileid 0x2a",
                "T2 d_splice_alias(inode 0x2a, #4711) -> hashed",
                "T5 rpc OPEN f13 -> fileid 0x2a",
                "T5 d_splice_alias(inode 0x2a, #4711): BUG_ON(!d_unhashed(dentry))",
            ],
        },
        new()
        {
            Invariant = "d_splice_alias.hashed",
            Patch = "viro-2016-07-03",
            Thread = 11,
            TimeSeconds = 6.42,
            Dentry = new Dictionary<string, string> { ["d_name"] = "dir0/f4", ["hashed"] = "true", ["in_lookup"] = "false" },
            Events = ["T3 nfs_atomic_open(#9120): d_drop", "T11 nfs_atomic_open(#9120): d_unhashed -> true", "T11 d_splice_alias(inode 0x31, #9120): BUG_ON(!d_unhashed(dentry))"],
        },
        new()
        {
            Invariant = "d_add.hashed",
            Patch = "v4.7-rc6",
            Thread = 9,
            TimeSeconds = 0.412,
            Dentry = new Dictionary<string, string> { ["d_name"] = "dir0/f2", ["hashed"] = "true", ["positive"] = "false" },
            Events = ["T1 d_alloc_parallel(dir0, \"f2\") -> in-lookup #5120", "T9 nfs_atomic_open(#5120): d_add", "T1 d_add(#5120, NULL): BUG_ON(!d_unhashed(dentry))"],
        },
    ];

    // Box–Muller; enough for plausible noise.
    private double Gaussian() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
