// SPDX-License-Identifier: GPL-2.0-only
// DCACHE_* flag values, ported from include/linux/dcache.h (Linux v4.7).
namespace DcacheStress.Kernel;

/// <summary>The <c>d_flags</c> bits the port uses, with the kernel's names and values.</summary>
public static class DcacheFlags
{
    public const uint DCACHE_OP_HASH = 0x00000001;
    public const uint DCACHE_OP_COMPARE = 0x00000002;
    public const uint DCACHE_OP_REVALIDATE = 0x00000004;
    public const uint DCACHE_OP_DELETE = 0x00000008;
    public const uint DCACHE_OP_PRUNE = 0x00000010;
    public const uint DCACHE_DISCONNECTED = 0x00000020;
    public const uint DCACHE_REFERENCED = 0x00000040;
    public const uint DCACHE_RCUACCESS = 0x00000080;
    public const uint DCACHE_CANT_MOUNT = 0x00000100;
    public const uint DCACHE_SHRINK_LIST = 0x00000400;
    public const uint DCACHE_NFSFS_RENAMED = 0x00001000;
    public const uint DCACHE_DENTRY_KILLED = 0x00008000;
    public const uint DCACHE_LRU_LIST = 0x00080000;

    public const uint DCACHE_ENTRY_TYPE = 0x00700000;
    public const uint DCACHE_MISS_TYPE = 0x00000000;
    public const uint DCACHE_WHITEOUT_TYPE = 0x00100000;
    public const uint DCACHE_DIRECTORY_TYPE = 0x00200000;
    public const uint DCACHE_AUTODIR_TYPE = 0x00300000;
    public const uint DCACHE_REGULAR_TYPE = 0x00400000;
    public const uint DCACHE_SPECIAL_TYPE = 0x00500000;
    public const uint DCACHE_SYMLINK_TYPE = 0x00600000;

    public const uint DCACHE_MAY_FREE = 0x00800000;
    public const uint DCACHE_FALLTHRU = 0x01000000;
    public const uint DCACHE_PAR_LOOKUP = 0x10000000;
}
