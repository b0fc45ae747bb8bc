// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Kernel;

namespace DcacheStress.Workload;

/// <summary>
/// Everything one patch runs on, kept across its rounds: its current boot (dcache, server, mounts,
/// name set), the per-thread counters and the crash accounting. A crash with <c>--on-bug reboot</c>
/// replaces the boot (<see cref="Reboot"/>) while the workers are parked; the counters, the
/// invariant totals and the race-window hooks carry over.
/// </summary>
public sealed class PatchTarget
{
    private readonly StressOptions _options;
    private TargetBoot _boot;

    /// <summary>The patch.</summary>
    public Patch Patch { get; }

    /// <summary>The running boot.</summary>
    public TargetBoot Boot => Volatile.Read(ref _boot);

    /// <summary>Its dcache (the running boot's).</summary>
    public Dcache Dcache => Boot.Dcache;

    /// <summary>Its server (the running boot's).</summary>
    public IFsServer Server => Boot.Server;

    /// <summary>The filesystem the patch belongs to ("nfs", "lustre").</summary>
    public string Filesystem => Patch.Filesystem.name;

    /// <summary>Client mounts of the server (two by default, as racer's MOUNT_2; the running boot's).</summary>
    public IReadOnlyList<IFsMount> Mounts => Boot.Mounts;

    /// <summary>The names the workload works on (the running boot's).</summary>
    public NameSet Names => Boot.Names;

    /// <summary>Crashes, boots and root-cause hits per boot.</summary>
    public CrashAccounting Crash { get; } = new();

    /// <summary>Per-thread counters (index = worker index).</summary>
    public WorkerStats[] Stats { get; }

    /// <summary>racer's `ls -R` bursts (null for the other workloads).</summary>
    public ListBurst? ListBurst { get; }

    /// <summary>Seconds this patch has been the running one.</summary>
    public double ActiveSeconds => Volatile.Read(ref _activeTicks) / (double)System.Diagnostics.Stopwatch.Frequency;

    /// <summary>Active seconds at the first invariant hit (null: none yet).</summary>
    public double? FirstHitSeconds { get; internal set; }

    /// <summary>Per-round records, in order.</summary>
    public List<RoundRecord> Rounds { get; } = [];

    internal long _activeTicks;

    /// <summary>Build and populate the namespace for <paramref name="options"/> (the first boot).</summary>
    public PatchTarget(Patch patch, StressOptions options)
    {
        Patch = patch;
        _options = options;
        ListBurst = options.Workload == WorkloadKind.Racer ? new ListBurst(options.Threads) : null;
        Stats = new WorkerStats[options.Threads];
        for (int i = 0; i < Stats.Length; i++)
            Stats[i] = new WorkerStats();
        _boot = TargetBoot.Create(0, patch, options, bug: null, race: null);
        _boot.Names = NameSet.Create(options, this);
    }

    /// <summary>
    /// Boot a fresh instance: new dcache, server and mounts, the namespace populated again through
    /// them. The caller guarantees that no worker is inside the old instance and none enters the
    /// new one before this returns (the engine's barrier is the quiesce point and the publication).
    /// Returns the old boot.
    /// </summary>
    public TargetBoot Reboot(double activeSeconds)
    {
        Crash.Reboot(TotalOps, activeSeconds); // first: a hit while the new boot is built belongs to it
        TargetBoot old = _boot;
        var boot = TargetBoot.Create(old.Index + 1, Patch, _options, old.Dcache.bug, old.Dcache.race);
        Volatile.Write(ref _boot, boot);
        boot.Names = NameSet.Create(_options, this);
        return old;
    }
    /// <summary>Shut the current boot down (its mounts' kernel threads stop); the engine's end.</summary>
    internal void Shutdown() => Boot.Dispose();

    /// <summary>Total ops over all threads.</summary>
    public long TotalOps
    {
        get
        {
            long n = 0;
            foreach (var s in Stats)
                n += s.TotalOps;
            return n;
        }
    }

    /// <summary>Total component lookups.</summary>
    public long TotalLookups => Stats.Sum(s => s.Lookups);

    /// <summary>Total seqcount retries.</summary>
    public long TotalSeqRetries => Stats.Sum(s => s.SeqRetries);

    /// <inheritdoc/>
    public override string ToString() => Patch.Name;
}
