// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload;

/// <summary>What one stress run does. Validate with <see cref="Validate"/>.</summary>
public sealed record StressOptions
{
    /// <summary>Patch names, run in interleaved rounds in this order.</summary>
    public IReadOnlyList<string> Patches { get; init; } = [];

    /// <summary>Op-mix preset.</summary>
    public WorkloadKind Workload { get; init; } = WorkloadKind.OpenStorm;

    /// <summary>Worker threads (more than cores = oversubscription). See <see cref="DefaultThreads"/>.</summary>
    public int Threads { get; init; } = DefaultThreads(WorkloadKind.OpenStorm);

    /// <summary>
    /// One thread per core; the race workloads use at least 4, because the tentative patch's race
    /// (kernel-reference.md §5.3) needs three threads in ->atomic_open on one dentry at once.
    /// </summary>
    public static int DefaultThreads(WorkloadKind kind) =>
        kind == WorkloadKind.LookupHot ? Environment.ProcessorCount : Math.Max(4, Environment.ProcessorCount);

    /// <summary>Single-threaded JIT warm-up per patch on a scratch namespace before the clock starts (not counted).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Whole run, wall clock.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Round length (one patch at a time).</summary>
    public TimeSpan Round { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Run seed; every thread's and round's seed derives from it.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Race-window delays on.</summary>
    public bool RaceWindows { get; init; } = true;

    /// <summary>How the delays are spread over the sites (uniform or per-site feedback).</summary>
    public WindowPolicy WindowPolicy { get; init; } = WindowPolicy.Uniform;

    /// <summary>End the run at the first invariant hit.</summary>
    public bool StopOnFirstHit { get; init; }

    /// <summary>What a target does after its first kernel-BUG-class hit: reboot (default) or continue.</summary>
    public OnBug OnBug { get; init; } = OnBug.Reboot;

    /// <summary>End the run at the first crash (first kernel-BUG-class hit of a boot).</summary>
    public bool StopOnFirstCrash { get; init; }

    /// <summary>Pin worker i to CPU i % cores (sched_setaffinity).</summary>
    public bool Pin { get; init; }

    /// <summary>Names in the race directory (racer/open-storm).</summary>
    public int Names { get; init; } = 20;

    /// <summary>Client mounts of the one server.</summary>
    public int Mounts { get; init; } = 2;

    /// <summary>Simulated RPC latency (ns).</summary>
    public int RpcLatencyNs { get; init; } = 2000;

    /// <summary>NFS attribute-cache timeouts (4.7's defaults) times this (0 = noac).</summary>
    public double AttrCacheScale { get; init; } = DcacheStress.Fs.Nfs.NfsMountOptions.DefaultScale;

    /// <summary>Writer share for lookup-hot (0..1).</summary>
    public double Churn { get; init; }

    /// <summary>lookup-hot tree fan-out per level.</summary>
    public int Fanout { get; init; } = 8;

    /// <summary>lookup-hot tree depth (directories above the files).</summary>
    public int Depth { get; init; } = 3;

    /// <summary><c>d_hash_shift</c> of each dcache.</summary>
    public int DHashShift { get; init; } = 16;

    /// <summary>How long a round switch may wait for workers to park before giving up on them.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>A worker with no progress for this long is reported by the watchdog (zero = off).</summary>
    public TimeSpan WatchdogTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Problems, each "option: message (allowed values)"; empty when valid.</summary>
    public IReadOnlyList<string> Validate(IReadOnlyCollection<string> knownPatches)
    {
        var errors = new List<string>();
        if (Patches.Count == 0)
            errors.Add($"--patch: at least one patch is required (allowed: {string.Join(", ", knownPatches)})");
        foreach (var p in Patches)
        {
            if (!knownPatches.Contains(p))
                errors.Add($"--patch: unknown patch '{p}' (allowed: {string.Join(", ", knownPatches)})");
        }
        if (Patches.Distinct(StringComparer.Ordinal).Count() != Patches.Count)
            errors.Add("--patch: a patch is listed twice");
        if (Threads < 1 || Threads > 4096)
            errors.Add($"--threads: must be 1..4096, got {Threads}");
        if (Duration <= TimeSpan.Zero)
            errors.Add($"--duration: must be positive, got {Duration}");
        if (Round <= TimeSpan.Zero)
            errors.Add($"--round: must be positive, got {Round}");
        else if (Round > Duration && Duration > TimeSpan.Zero)
            errors.Add($"--round: {Round.TotalSeconds:0.###}s is longer than --duration {Duration.TotalSeconds:0.###}s");
        if (Names < 2 || Names > 100_000)
            errors.Add($"--names: must be 2..100000, got {Names}");
        if (Mounts < 1 || Mounts > 8)
            errors.Add($"--mounts: must be 1..8, got {Mounts}");
        if (RpcLatencyNs < 0 || RpcLatencyNs > 10_000_000)
            errors.Add($"--rpc-latency-ns: must be 0..10000000, got {RpcLatencyNs}");
        if (!(AttrCacheScale >= 0 && AttrCacheScale <= 10))
            errors.Add($"--attr-cache-scale: must be 0..10, got {AttrCacheScale}");
        if (Churn < 0 || Churn > 1)
            errors.Add($"--churn: must be 0..1, got {Churn}");
        if (Fanout < 1 || Fanout > 64 || Depth < 1 || Depth > 6)
            errors.Add($"--fanout/--depth: fanout 1..64 and depth 1..6, got {Fanout}/{Depth}");
        if (DHashShift is < 4 or > 24)
            errors.Add($"--d-hash-shift: must be 4..24, got {DHashShift}");
        return errors;
    }
}
