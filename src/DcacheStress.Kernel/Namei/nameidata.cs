// SPDX-License-Identifier: GPL-2.0-only
// struct nameidata, ported from fs/namei.c (Linux v4.7): the state of one path walk.
namespace DcacheStress.Kernel;

/// <summary>
/// <c>struct nameidata</c>: lives on the walker's stack (a ref struct here). No symlinks or mounts
/// in the model, so the link stack, <c>m_seq</c> and <c>depth</c> are absent. The walk counts
/// the components it resolved and its seqcount fallbacks so that callers can keep per-thread
/// figures without touching shared state.
/// </summary>
public ref struct nameidata
{
    /// <summary><c>path</c>: the current directory (no reference held while LOOKUP_RCU).</summary>
    public path path;

    /// <summary><c>last</c>: the component being looked up.</summary>
    public qstr last;

    /// <summary>Offset of <see cref="last"/> in <see cref="pathname"/> (for the trailing-slash test).</summary>
    public int last_pos;

    /// <summary><c>root</c>.</summary>
    public path root;

    /// <summary><c>inode</c>: inode of <c>path.dentry</c>, valid in RCU mode.</summary>
    public inode? inode;

    /// <summary><c>flags</c>: LOOKUP_*.</summary>
    public uint flags;

    /// <summary><c>seq</c>: the d_seq sample of <c>path.dentry</c>.</summary>
    public uint seq;

    /// <summary><c>last_type</c>.</summary>
    public int last_type;

    /// <summary>The whole path being walked (UTF-8 bytes).</summary>
    public ReadOnlySpan<byte> pathname;

    /// <summary>The dcache the walk runs in.</summary>
    public Dcache dc;

    /// <summary>Components resolved (for lookups/s and the retry ratio).</summary>
    public long lookups;

    /// <summary>RCU-walk validations that failed (-ECHILD fallbacks and restarts).</summary>
    public long seq_retries;

    public const int LAST_NORM = 0;
    public const int LAST_ROOT = 1;
    public const int LAST_DOT = 2;
    public const int LAST_DOTDOT = 3;

    /// <summary>Start a walk of <paramref name="pathname"/> from <paramref name="root"/>.</summary>
    public nameidata(dentry root, ReadOnlySpan<byte> pathname)
    {
        this.root = new path { mnt = root.d_sb, dentry = root };
        this.pathname = pathname;
        dc = root.d_sb.s_dcache;
    }

    /// <summary>True when the last component is followed by '/' (<c>nd->last.name[nd->last.len]</c>).</summary>
    public readonly bool last_has_trailing_slash => last_pos + (int)last.len < pathname.Length;
}
