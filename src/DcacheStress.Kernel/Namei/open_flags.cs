// SPDX-License-Identifier: GPL-2.0-only
// struct open_flags and build_open_flags(), after fs/internal.h and fs/open.c (Linux v4.7).
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Kernel;

/// <summary><c>struct open_flags</c>.</summary>
public readonly struct open_flags
{
    /// <summary><c>open_flag</c>.</summary>
    public readonly uint open_flag;

    /// <summary><c>mode</c>.</summary>
    public readonly uint mode;

    /// <summary><c>intent</c>: LOOKUP_OPEN [| LOOKUP_CREATE [| LOOKUP_EXCL]].</summary>
    public readonly uint intent;

    /// <summary><c>lookup_flags</c>.</summary>
    public readonly uint lookup_flags;

    private open_flags(uint open_flag, uint mode, uint intent, uint lookup_flags)
    {
        this.open_flag = open_flag;
        this.mode = mode;
        this.intent = intent;
        this.lookup_flags = lookup_flags;
    }

    /// <summary><c>build_open_flags(flags, mode, op)</c>.</summary>
    public static open_flags build_open_flags(uint flags, uint mode)
    {
        uint lookup_flags = 0;
        uint intent = LOOKUP_OPEN;
        if ((flags & O_CREAT) != 0)
        {
            intent |= LOOKUP_CREATE;
            if ((flags & O_EXCL) != 0)
                intent |= LOOKUP_EXCL;
        }
        if ((flags & O_DIRECTORY) != 0)
            lookup_flags |= LOOKUP_DIRECTORY;
        if ((flags & O_NOFOLLOW) == 0)
            lookup_flags |= LOOKUP_FOLLOW;
        return new open_flags(flags, (flags & O_CREAT) != 0 ? (mode & 0xFFF) | inode.S_IFREG : 0, intent, lookup_flags);
    }
}
