// SPDX-License-Identifier: GPL-2.0-only
// struct dir_context and dir_emit(), after include/linux/fs.h (Linux v4.7).
namespace DcacheStress.Kernel;

/// <summary>
/// <c>struct dir_context</c>: what <c>->iterate_shared</c> fills. The kernel's <c>actor</c>
/// (<c>filldir64</c> for getdents) receives each name; here it is a delegate, null when the caller
/// only counts (the stress `ls` that does not recurse). <c>pos</c> is not modelled: one call
/// emits the whole directory.
/// </summary>
public sealed class dir_context
{
    /// <summary><c>DT_DIR</c>.</summary>
    public const uint DT_DIR = 4;

    /// <summary><c>DT_REG</c>.</summary>
    public const uint DT_REG = 8;

    /// <summary><c>DT_LNK</c>.</summary>
    public const uint DT_LNK = 10;

    /// <summary><c>filldir_t actor</c>: (name, ino, d_type) → false stops the iteration.</summary>
    public readonly Func<string, ulong, uint, bool>? actor;

    /// <summary>Names emitted so far.</summary>
    public int count;

    /// <summary>A context that hands every name to <paramref name="actor"/> (null: only count).</summary>
    public dir_context(Func<string, ulong, uint, bool>? actor = null) => this.actor = actor;

    /// <summary><c>dir_emit(ctx, name, namelen, ino, type)</c>: false when the actor wants no more.</summary>
    public bool dir_emit(string name, ulong ino, uint type)
    {
        count++;
        return actor is null || actor(name, ino, type);
    }

    /// <summary>The <c>DT_*</c> type of an <c>i_mode</c> (<c>S_DT(mode)</c>).</summary>
    public static uint S_DT(uint mode) => (mode & inode.S_IFMT) >> 12;
}
