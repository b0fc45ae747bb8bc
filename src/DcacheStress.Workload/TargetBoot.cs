// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Fs.Nfs;
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;

namespace DcacheStress.Workload;

/// <summary>
/// One boot of a target: the dcache, the server, the mounts and the name set a patch runs on until
/// it crashes. A reboot builds a new one from scratch (nothing of the old instance is reused but
/// the invariant counters and race-window hooks, which count across boots).
/// </summary>
public sealed class TargetBoot
{
    /// <summary>0 for the first boot, then 1, 2... (per target).</summary>
    public int Index { get; }

    /// <summary>Its dcache.</summary>
    public Dcache Dcache { get; }

    /// <summary>Its server.</summary>
    public NfsServer Server { get; }

    /// <summary>Client mounts of the server.</summary>
    public IReadOnlyList<NfsMount> Mounts { get; }

    /// <summary>The names the workload works on (set once the mounts exist: they are built through them).</summary>
    public NameSet Names { get; internal set; } = null!;

    private TargetBoot(int index, Dcache dcache, NfsServer server, IReadOnlyList<NfsMount> mounts)
    {
        Index = index;
        Dcache = dcache;
        Server = server;
        Mounts = mounts;
    }

    /// <summary>
    /// Boot <paramref name="patch"/>: a new dcache counting into <paramref name="bug"/> (null: its
    /// own) with <paramref name="race"/>'s hooks (null: its own), a new server and its mounts. The
    /// caller populates <see cref="Names"/>.
    /// </summary>
    internal static TargetBoot Create(int index, Patch patch, StressOptions options, Bug? bug, RaceWindows? race)
    {
        var dcache = patch.CreateDcache(new DcacheOptions { DHashShift = options.DHashShift, Bug = bug, Race = race });
        var server = new NfsServer { RpcLatencyNs = options.RpcLatencyNs };
        var mounts = new NfsMount[Math.Max(1, options.Mounts)];
        var mountOptions = new NfsMountOptions { Scale = options.AttrCacheScale };
        for (int i = 0; i < mounts.Length; i++)
            mounts[i] = new NfsMount(server, dcache, patch, $"{patch.Name}:mnt{i + 1}", mountOptions);
        return new TargetBoot(index, dcache, server, mounts);
    }
}
