// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;

namespace DcacheStress.Fs;

/// <summary>
/// <c>struct file_system_type</c> (include/linux/fs.h): a filesystem model the harness can mount.
/// Each one is a folder under <c>src/DcacheStress.Fs</c> (client, server, patches); its patches name
/// it, and nothing else in the harness does: targets, reports and metrics only read <see cref="name"/>.
/// </summary>
public abstract class file_system_type
{
    /// <summary><c>.name</c>: stable ("nfs", "lustre"); the <c>filesystem</c> metric label and report field.</summary>
    public abstract string name { get; }

    /// <summary>
    /// Mount <paramref name="options"/>.Mounts clients of one fresh server into <paramref name="dcache"/>,
    /// running <paramref name="patch"/>'s code (racer's MOUNT_2: two mounts of one namespace).
    /// </summary>
    public abstract FsInstance mount(Patch patch, Dcache dcache, FsMountOptions options);

    /// <inheritdoc/>
    public override string ToString() => name;
}

/// <summary>What <see cref="file_system_type.mount"/> needs.</summary>
/// <param name="Mounts">Client mounts of the one server (at least 1).</param>
/// <param name="RpcLatencyNs">Simulated RPC latency (a spin of N ns per call; 0 = none).</param>
/// <param name="Id">Prefix of the super blocks' <c>s_id</c> ("v4.7:mnt1").</param>
public sealed record FsMountOptions(int Mounts, int RpcLatencyNs, string Id)
{
    /// <summary>
    /// Scale of the NFS attribute-cache timeouts (<c>--attr-cache-scale</c>); a filesystem without
    /// an attribute cache (Lustre trusts its DLM locks instead) ignores it. Null: the mount's default.
    /// </summary>
    public double? AttrCacheScale { get; init; }

    /// <summary>
    /// False: the mounts start no kernel threads of their own (Lustre's <c>ldlm_bl_*</c>); the caller
    /// runs <see cref="FsInstance.Threads"/> itself (explore runs them as controlled tasks).
    /// </summary>
    public bool StartThreads { get; init; } = true;
}

/// <summary>A kernel thread of a mount that the caller runs (<see cref="FsMountOptions.StartThreads"/> false).</summary>
/// <param name="Comm">Its name ("ldlm_bl_01@mnt1").</param>
/// <param name="Start">Counts it in: from then on its mount hands it work (call before anything runs that may).</param>
/// <param name="Main">Its main loop; returns when the mount stops it.</param>
public sealed record FsThread(string Comm, Action Start, Action Main);

/// <summary>One mounted client: its super block and root dentry in the shared dcache.</summary>
public interface IFsMount
{
    /// <summary>The super block.</summary>
    super_block sb { get; }

    /// <summary>The root dentry.</summary>
    dentry Root { get; }
}

/// <summary>
/// The server side every filesystem model has: one namespace shared by all mounts. A change made
/// here is a change by "another client" (racer's second mount, or a node the test does not model).
/// </summary>
public interface IFsServer
{
    /// <summary>File id of the exported root directory.</summary>
    ulong RootId { get; }

    /// <summary>RPCs served.</summary>
    long Rpcs { get; }

    /// <summary>Look a name up: 0 and the entry, or -ENOENT.</summary>
    int Lookup(ulong dirId, string name, out ServerEntry entry);

    /// <summary>Create a regular file (setup and repros; no client of this harness involved).</summary>
    void CreateFile(ulong dirId, string name);
}

/// <summary>A server and its mounts, as <see cref="file_system_type.mount"/> made them.</summary>
/// <param name="Server">The one server.</param>
/// <param name="Mounts">Its client mounts, in order.</param>
public sealed record FsInstance(IFsServer Server, IReadOnlyList<IFsMount> Mounts) : IDisposable
{
    /// <summary>The mounts' kernel threads for the caller to run (empty unless it asked to run them).</summary>
    public IReadOnlyList<FsThread> Threads { get; init; } = [];

    /// <summary>What the server and the mounts that keep such state say for a stall record (<see cref="IStallState"/>).</summary>
    public IReadOnlyList<string> StallState(long originTicks)
    {
        var lines = new List<string>();
        (Server as IStallState)?.AddStallState(lines, originTicks);
        foreach (IFsMount m in Mounts)
            (m as IStallState)?.AddStallState(lines, originTicks);
        return lines;
    }

    /// <summary>Unmount: stop every mount's kernel threads (a mount without threads has nothing to stop).</summary>
    public void Dispose()
    {
        foreach (IFsMount m in Mounts)
            (m as IDisposable)?.Dispose();
    }
}
