// SPDX-License-Identifier: GPL-2.0-only
// struct nfs_open_context, after include/linux/nfs_fs.h (Linux v4.7).
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Nfs;

/// <summary><c>struct nfs_open_context</c>: holds a reference on its dentry.</summary>
public sealed class nfs_open_context
{
    /// <summary><c>ctx->dentry</c> (referenced).</summary>
    public dentry dentry { get; internal set; }

    /// <summary>Open flags.</summary>
    public uint open_flags { get; }

    internal nfs_open_context(dentry dentry, uint open_flags)
    {
        this.dentry = dentry;
        this.open_flags = open_flags;
    }
}
