// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Fs.Nfs;
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;

namespace DcacheStress.Workload;

/// <summary>
/// Everything one patch runs on, kept across its rounds: its own dcache, its own server, its
/// mounts, the name set, and the per-thread counters.
/// </summary>
public sealed class PatchTarget
{
    /// <summary>The patch.</summary>
    public Patch Patch { get; }

    /// <summary>Its dcache.</summary>
    public Dcache Dcache { get; }

    /// <summary>Its server.</summary>
    public NfsServer Server { get; }

    /// <summary>Client mounts of the server (two by default, as racer's MOUNT_2).</summary>
    public IReadOnlyList<NfsMount> Mounts { get; }

    /// <summary>The names the workload works on.</summary>
    public NameSet Names { get; }

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

    /// <summary>Build and populate the namespace for <paramref name="options"/>.</summary>
    public PatchTarget(Patch patch, StressOptions options)
    {
        Patch = patch;
        Dcache = patch.CreateDcache(new DcacheOptions { DHashShift = options.DHashShift });
        Server = new NfsServer { RpcLatencyNs = options.RpcLatencyNs };
        var mounts = new NfsMount[Math.Max(1, options.Mounts)];
        for (int i = 0; i < mounts.Length; i++)
            mounts[i] = new NfsMount(Server, Dcache, patch, $"{patch.Name}:mnt{i + 1}");
        Mounts = mounts;
        Names = NameSet.Create(options, this);
        ListBurst = options.Workload == WorkloadKind.Racer ? new ListBurst(options.Threads) : null;
        Stats = new WorkerStats[options.Threads];
        for (int i = 0; i < Stats.Length; i++)
            Stats[i] = new WorkerStats();
    }

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
