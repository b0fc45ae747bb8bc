// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Kernel;

namespace DcacheStress.Workload;

/// <summary>
/// One boot of a target: the dcache, the server, the mounts and the name set a patch runs on until
/// it crashes. A reboot builds a new one from scratch (nothing of the old instance is reused but
/// the invariant counters and race-window hooks, which count across boots).
/// </summary>
public sealed class TargetBoot : IDisposable
{
    private readonly FsInstance _fs;

    /// <summary>0 for the first boot, then 1, 2... (per target).</summary>
    public int Index { get; }

    /// <summary>Its dcache.</summary>
    public Dcache Dcache { get; }

    /// <summary>Its filesystem's server.</summary>
    public IFsServer Server { get; }

    /// <summary>Client mounts of the server.</summary>
    public IReadOnlyList<IFsMount> Mounts { get; }

    /// <summary>The names the workload works on (set once the mounts exist: they are built through them).</summary>
    public NameSet Names { get; internal set; } = null!;

    private TargetBoot(int index, Dcache dcache, FsInstance fs)
    {
        Index = index;
        Dcache = dcache;
        _fs = fs;
        Server = fs.Server;
        Mounts = fs.Mounts;
    }

    /// <summary>The filesystem's own threads and waits, for a stall record (<see cref="FsInstance.StallState"/>).</summary>
    public IReadOnlyList<string> StallState(long originTicks) => _fs.StallState(originTicks);

    /// <summary>Shut the boot down: unmount, stopping its mounts' kernel threads (Lustre's <c>ldlm_bl</c>).</summary>
    public void Dispose() => _fs.Dispose();

    /// <summary>
    /// Boot <paramref name="patch"/>: a new dcache counting into <paramref name="bug"/> (null: its
    /// own) with <paramref name="race"/>'s hooks (null: its own), a new server and its mounts, made by
    /// the patch's filesystem. The caller populates <see cref="Names"/>.
    /// </summary>
    internal static TargetBoot Create(int index, Patch patch, StressOptions options, Bug? bug, RaceWindows? race)
    {
        var dcache = patch.CreateDcache(new DcacheOptions { DHashShift = options.DHashShift, Bug = bug, Race = race });
        FsInstance fs = patch.Filesystem.mount(patch, dcache,
            new FsMountOptions(options.Mounts, options.RpcLatencyNs, patch.Name) { AttrCacheScale = options.AttrCacheScale });
        return new TargetBoot(index, dcache, fs);
    }
}
