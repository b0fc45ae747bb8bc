// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using System.Globalization;
using DcacheStress.Fs;
using DcacheStress.Kernel;
using DcacheStress.Workload;

namespace DcacheStress.Bench;

/// <summary>
/// The <c>hooks</c> verb: how many race-window hooks one op of a mix passes through, and what an
/// op costs with the hooks off. A counting <see cref="IRaceSchedule"/> (never blocks) is installed
/// for the counting pass only; the timing pass runs with nothing installed, as a stress run with
/// <c>--race-windows off</c> does. With <c>--hook-ns</c> (RaceWindows_Hit_off − EmptyCall from the
/// BenchmarkDotNet suite) it prints the hooks' share of an op.
/// </summary>
internal static class HooksCommand
{
    private const string Usage = """
        usage: DcacheStress.Bench hooks [--workload racer|open-storm|lookup-hot] [--patch P] [--ops N]
                                        [--duration TIME] [--seed N] [--hook-ns X]
        Counts race-window hooks per op (single thread, counting schedule), then times the same mix
        with race windows off for --duration (default 5s). --hook-ns: the cost of one hook when off
        (ns, from the suite's RaceWindowBenchmarks) to report the hooks' share of an op.
        Exit: 0 ok, 2 bad options.
        """;

    private sealed class CountingSchedule : IRaceSchedule
    {
        public readonly long[] Counts = new long[RaceSites.Count];

        public void At(RaceSite site, task_struct task) => Counts[(int)site]++;
    }

    private static bool SetIf(bool ok, ref string field, string value)
    {
        if (ok)
            field = value;
        return ok;
    }

    /// <summary>Run the verb.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var inv = CultureInfo.InvariantCulture;
        WorkloadKind kind = WorkloadKind.Racer;
        string patch = "v4.7";
        long ops = 200_000;
        TimeSpan duration = TimeSpan.FromSeconds(5);
        ulong seed = 1;
        double hookNs = double.NaN;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a is "--help" or "-h")
            {
                stdout.WriteLine(Usage);
                return 0;
            }
            if (i + 1 >= args.Length)
            {
                stderr.WriteLine($"error: {a}: needs a value (see hooks --help)");
                return 2;
            }
            string v = args[++i];
            bool ok = a switch
            {
                "--workload" => WorkloadNames.TryParse(v, out kind),
                "--patch" => SetIf(PatchCatalog.Names.Contains(v), ref patch, v),
                "--ops" => long.TryParse(v, NumberStyles.None, inv, out ops) && ops > 0,
                "--duration" => DurationText.TryParse(v, out duration) && duration > TimeSpan.Zero,
                "--seed" => ulong.TryParse(v, NumberStyles.None, inv, out seed),
                "--hook-ns" => double.TryParse(v, NumberStyles.Float, inv, out hookNs) && hookNs >= 0,
                _ => false,
            };
            if (!ok)
            {
                stderr.WriteLine($"error: {a}: unknown option or bad value '{v}' (see hooks --help)");
                return 2;
            }
        }

        var options = new StressOptions
        {
            Patches = [patch],
            Workload = kind,
            Threads = 1,
            RpcLatencyNs = 0,
            Seed = seed,
            RaceWindows = false,
        };
        var mix = OpMix.For(kind, options.Churn);
        var stats = new WorkerStats();
        task_struct.set_current_task(new task_struct("hooks", seed));

        // Counting pass.
        PatchCatalog.TryCreate(patch, out Patch p1);
        var counted = new PatchTarget(p1, options);
        var schedule = new CountingSchedule();
        counted.Dcache.race.SetSchedule(schedule);
        ulong rng = SeedMix.Derive(seed, 0, 0);
        for (long n = 0; n < ops; n++)
            Ops.Run(mix.Pick(SeedMix.Next(ref rng)), counted, stats, ref rng);
        counted.Dcache.race.SetSchedule(null);
        long hooks = schedule.Counts.Sum();
        double perOp = hooks / (double)ops;

        // Timing pass: hooks off (nothing installed), a fresh namespace, same stream.
        PatchCatalog.TryCreate(patch, out Patch p2);
        var timed = new PatchTarget(p2, options);
        rng = SeedMix.Derive(seed, 0, 0);
        var timedStats = new WorkerStats();
        long warmEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 2;
        while (Stopwatch.GetTimestamp() < warmEnd)
            Ops.Run(mix.Pick(SeedMix.Next(ref rng)), timed, timedStats, ref rng);
        long done = 0;
        long t0 = Stopwatch.GetTimestamp();
        long end = t0 + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            for (int k = 0; k < 64; k++)
                Ops.Run(mix.Pick(SeedMix.Next(ref rng)), timed, timedStats, ref rng);
            done += 64;
        }
        double seconds = (Stopwatch.GetTimestamp() - t0) / (double)Stopwatch.Frequency;
        double nsPerOp = seconds * 1e9 / done;

        stdout.WriteLine(string.Create(inv, $"workload {WorkloadNames.Name(kind)}, patch {patch}, {ops} ops counted, 1 thread"));
        stdout.WriteLine("| site | hooks per op |");
        stdout.WriteLine("|---|---:|");
        foreach (RaceSite site in RaceSites.All)
        {
            long c = schedule.Counts[(int)site];
            if (c != 0)
                stdout.WriteLine(string.Create(inv, $"| `{RaceSites.Name(site)}` | {c / (double)ops:0.0000} |"));
        }
        stdout.WriteLine(string.Create(inv, $"| **all sites** | **{perOp:0.0000}** |"));
        stdout.WriteLine(string.Create(inv, $"op cost with race windows off: {nsPerOp:0} ns ({done / seconds:#,0} ops/s, 1 thread, {seconds:0.0} s)"));
        if (!double.IsNaN(hookNs))
        {
            double share = perOp * hookNs / nsPerOp;
            stdout.WriteLine(string.Create(inv, $"hooks off cost: {perOp:0.0000} hooks/op x {hookNs:0.###} ns = {perOp * hookNs:0.###} ns/op = {share * 100:0.####}% of an op (target <= 2%)"));
        }
        return 0;
    }
}
