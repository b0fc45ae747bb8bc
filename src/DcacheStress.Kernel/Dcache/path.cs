// SPDX-License-Identifier: GPL-2.0-only
// struct path, after include/linux/path.h (Linux v4.7). The model has one mount per super block,
// so vfsmount is reduced to the super block it mounts.
namespace DcacheStress.Kernel;

/// <summary><c>struct path</c> = { mnt, dentry }.</summary>
public struct path
{
    /// <summary><c>mnt</c> (the mounted super block).</summary>
    public super_block? mnt;

    /// <summary><c>dentry</c>.</summary>
    public dentry? dentry;
}
