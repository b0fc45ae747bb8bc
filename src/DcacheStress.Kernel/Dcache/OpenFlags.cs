// SPDX-License-Identifier: GPL-2.0-only
// Open flags, lookup flags and FILE_* bits: include/uapi/asm-generic/fcntl.h, include/linux/namei.h,
// include/linux/fs.h (Linux v4.7 values).
namespace DcacheStress.Kernel;

/// <summary>The kernel's open, lookup and opened-state bits.</summary>
public static class OpenFlags
{
    public const uint O_RDONLY = 0x0;
    public const uint O_WRONLY = 0x1;
    public const uint O_RDWR = 0x2;
    public const uint O_CREAT = 0x40;
    public const uint O_EXCL = 0x80;
    public const uint O_TRUNC = 0x200;
    public const uint O_APPEND = 0x400;
    public const uint O_DIRECTORY = 0x10000;
    public const uint O_NOFOLLOW = 0x20000;

    public const uint LOOKUP_FOLLOW = 0x0001;
    public const uint LOOKUP_DIRECTORY = 0x0002;
    public const uint LOOKUP_AUTOMOUNT = 0x0004;
    public const uint LOOKUP_PARENT = 0x0010;
    public const uint LOOKUP_REVAL = 0x0020;
    public const uint LOOKUP_RCU = 0x0040;
    public const uint LOOKUP_NO_REVAL = 0x0080;
    public const uint LOOKUP_OPEN = 0x0100;
    public const uint LOOKUP_CREATE = 0x0200;
    public const uint LOOKUP_EXCL = 0x0400;
    public const uint LOOKUP_RENAME_TARGET = 0x0800;
    public const uint LOOKUP_JUMPED = 0x1000;
    public const uint LOOKUP_ROOT = 0x2000;

    // MAY_* permission bits (include/linux/fs.h)
    public const int MAY_EXEC = 0x0001;
    public const int MAY_WRITE = 0x0002;
    public const int MAY_READ = 0x0004;
    public const int MAY_NOT_BLOCK = 0x0080;

    public const int FILE_CREATED = 1;
    public const int FILE_OPENED = 2;
}
