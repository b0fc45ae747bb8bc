// SPDX-License-Identifier: GPL-2.0-only
// lustre_fs_type, after drivers/staging/lustre/lustre/llite/super25.c (Linux 4.7).
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Lustre;

/// <summary><c>lustre_fs_type</c>: one <see cref="Mds"/>, N <see cref="LustreMount"/>s of it.</summary>
public sealed class lustre_fs_type : file_system_type
{
    /// <summary>The one instance.</summary>
    public static lustre_fs_type Instance { get; } = new();

    private lustre_fs_type()
    {
    }

    /// <inheritdoc/>
    public override string name => "lustre";

    /// <inheritdoc/>
    public override FsInstance mount(Patch patch, Dcache dcache, FsMountOptions options)
    {
        var mds = new Mds { RpcLatencyNs = options.RpcLatencyNs };
        var mounts = new IFsMount[Math.Max(1, options.Mounts)];
        for (int i = 0; i < mounts.Length; i++)
            mounts[i] = new LustreMount(mds, dcache, (LustrePatch)patch, $"{options.Id}:mnt{i + 1}", options.StartThreads);
        FsThread[] threads = options.StartThreads
            ? []
            : [.. mounts.Select((m, i) => ((LustreMount)m).ldlm_bl_pool).Select((p, i) => new FsThread($"{p.Comm}@mnt{i + 1}", p.ldlm_bl_thread_start, p.ldlm_bl_thread_main))];
        return new FsInstance(mds, mounts) { Threads = threads };
    }
}
