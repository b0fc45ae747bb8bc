// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using System.Runtime.InteropServices;
using DcacheStress.Bench.Support;
using DcacheStress.Kernel;
using DcacheStress.Workload;

namespace DcacheStress.Bench.Sweep;

/// <summary>
/// Runs one row: dedicated OS threads (not the pool), all released at once, each looping "pick an
/// op from the mix, run it" on its own seeded stream and its own padded counters. The controller
/// sleeps through --warmup, samples every thread's counters, sleeps through --duration, samples
/// again: the row is the difference, so start-up and stop-down are outside the measurement.
/// </summary>
internal static class SweepRunner
{
    private const int CacheLine = 64;

    /// <summary>A flag alone on its cache line (two lines: adjacent-line prefetch).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 2 * CacheLine)]
    private struct PaddedFlag
    {
        [FieldOffset(CacheLine)]
        public bool Value;
    }

    /// <summary>The stop flag, read by every worker on every op and written once.</summary>
    private sealed class StopFlag
    {
        // Mutable struct: never readonly (a readonly field would be copied on every access).
        private PaddedFlag _padded;

        public bool Stop
        {
            get => Volatile.Read(ref _padded.Value);
            set => Volatile.Write(ref _padded.Value, value);
        }
    }

    /// <summary>Measure one (impl, churn, threads) row.</summary>
    public static SweepRow Run(SweepImpl impl, SweepOptions o, double churn, int threads)
    {
        using SweepWorld world = SweepWorld.Create(impl, o, churn, threads);
        // The previous row's world and this one's setup garbage go now, not in the measurement.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        // Wait for a quiet machine after building the world (building is CPU work of our own).
        double idleBefore = o.WaitIdle > 0 ? CpuIdle.WaitFor(o.WaitIdle, o.WaitTimeout) : double.NaN;
        var mix = OpMix.For(o.Workload, churn);
        var stats = new WorkerStats[threads];
        for (int i = 0; i < threads; i++)
            stats[i] = new WorkerStats();
        var flag = new StopFlag();
        using var ready = new CountdownEvent(threads);
        using var go = new ManualResetEventSlim(false);
        Exception? failure = null;
        var workers = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            int idx = i;
            workers[i] = new Thread(() =>
            {
                try
                {
                    if (o.Pin)
                        Affinity.PinCurrentThread(idx % Environment.ProcessorCount);
                    task_struct.set_current_task(new task_struct($"s{idx}", SeedMix.Derive(o.Seed, idx, 2)));
                    ulong rng = SeedMix.Derive(o.Seed, idx, 0);
                    var s = stats[idx];
                    ready.Signal();
                    go.Wait();
                    while (!flag.Stop)
                        world.Run(mix.Pick(SeedMix.Next(ref rng)), s, ref rng);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                    flag.Stop = true;
                }
            })
            { IsBackground = true, Name = $"sweep-{idx}" };
            workers[i].Start();
        }
        ready.Wait();
        go.Set();
        if (o.Warmup > TimeSpan.Zero)
            Thread.Sleep(o.Warmup);
        double load = LoadAverage();
        long hits0 = world.InvariantHits;
        TimeSpan cpu0 = ProcessCpu();
        var (ops0, lookups0, retries0) = Sample(stats);
        long t0 = Stopwatch.GetTimestamp();
        Thread.Sleep(o.Duration);
        var (ops1, lookups1, retries1) = Sample(stats);
        long t1 = Stopwatch.GetTimestamp();
        TimeSpan cpu1 = ProcessCpu();
        long hits1 = world.InvariantHits;
        flag.Stop = true;
        foreach (var w in workers)
        {
            if (!w.Join(TimeSpan.FromSeconds(30)))
                throw new InvalidOperationException($"sweep: worker {w.Name} did not stop within 30 s (stuck in the ported code?)");
        }
        if (failure is not null)
            throw new InvalidOperationException($"sweep: a worker failed: {failure.Message}", failure);
        double seconds = (t1 - t0) / (double)Stopwatch.Frequency;
        return new SweepRow(impl, threads, churn, ops1 - ops0, seconds, lookups1 - lookups0, retries1 - retries0,
            world.HasSeqRetries, hits1 - hits0, (cpu1 - cpu0).TotalSeconds, load, idleBefore);
    }

    private static TimeSpan ProcessCpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    /// <summary>The 1-minute load average (/proc/loadavg), NaN where there is none.</summary>
    internal static double LoadAverage()
    {
        try
        {
            string s = File.ReadAllText("/proc/loadavg");
            return double.Parse(s.AsSpan(0, s.IndexOf(' ', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            return double.NaN;
        }
    }

    private static (long Ops, long Lookups, long Retries) Sample(WorkerStats[] stats)
    {
        long ops = 0, lookups = 0, retries = 0;
        foreach (var s in stats)
        {
            ops += s.TotalOps;
            lookups += s.Lookups;
            retries += s.SeqRetries;
        }
        return (ops, lookups, retries);
    }
}
