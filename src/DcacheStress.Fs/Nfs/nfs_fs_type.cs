// SPDX-License-Identifier: GPL-2.0-only
// nfs4_fs_type, after fs/nfs/super.c (Linux v4.7): the model's mount of an NFS export.
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Nfs;

/// <summary><c>nfs4_fs_type</c>: one <see cref="NfsServer"/>, N <see cref="NfsMount"/>s of it.</summary>
public sealed class nfs_fs_type : file_system_type
{
    /// <summary>The one instance (a file_system_type is static in the kernel too).</summary>
    public static nfs_fs_type Instance { get; } = new();

    private nfs_fs_type()
    {
    }

    /// <inheritdoc/>
    public override string name => "nfs";

    /// <inheritdoc/>
    public override FsInstance mount(Patch patch, Dcache dcache, FsMountOptions options)
    {
        var server = new NfsServer { RpcLatencyNs = options.RpcLatencyNs };
        var mounts = new IFsMount[Math.Max(1, options.Mounts)];
        NfsMountOptions mountOptions = options.AttrCacheScale is double scale ? new NfsMountOptions { Scale = scale } : NfsMountOptions.Default;
        for (int i = 0; i < mounts.Length; i++)
            mounts[i] = new NfsMount(server, dcache, (NfsPatch)patch, $"{options.Id}:mnt{i + 1}", mountOptions);
        return new FsInstance(server, mounts);
    }
}
