// SPDX-License-Identifier: GPL-2.0-only
// struct super_block (the fields the dcache uses), ported from include/linux/fs.h (Linux v4.7).
using DcacheStress.Kernel.Locking;

namespace DcacheStress.Kernel;

/// <summary><c>struct super_block</c>: one per mount of a filesystem model.</summary>
public sealed class super_block
{
    /// <summary><c>s_root</c>.</summary>
    public dentry? s_root { get; internal set; }

    /// <summary><c>s_d_op</c>: dentry operations given to every new dentry (<c>d_set_d_op</c>).</summary>
    public dentry_operations? s_d_op { get; init; }

    /// <summary><c>s_anon</c>: hash list for IS_ROOT dentries (<c>d_obtain_alias</c>).</summary>
    internal readonly hlist_bl_head_ref s_anon = hlist_bl_head_ref.alloc_single();

    /// <summary><c>s_fs_info</c>.</summary>
    public object? s_fs_info { get; init; }

    /// <summary><c>FS_RENAME_DOES_D_MOVE</c>: the filesystem's ->rename calls d_move itself (NFS does).</summary>
    public bool s_rename_does_d_move { get; init; }

    /// <summary><c>s_id</c>: a name for reports.</summary>
    public string s_id { get; init; } = "sb";

    /// <summary>The dcache this mount's dentries live in (the kernel has one global dcache).</summary>
    public Dcache s_dcache { get; }

    /// <summary>Create a super block attached to <paramref name="dcache"/>.</summary>
    public super_block(Dcache dcache) => s_dcache = dcache;
}
