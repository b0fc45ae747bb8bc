// SPDX-License-Identifier: GPL-2.0-only
// errno values from include/uapi/asm-generic/errno-base.h and errno.h (Linux v4.7).
namespace DcacheStress.Kernel;

/// <summary>The errno values the port returns (negated, as the kernel does).</summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EIO = 5;
    public const int ECHILD = 10;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENAMETOOLONG = 36;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int ESTALE = 116;
    /// <summary><c>EOPENSTALE</c> (kernel-internal).</summary>
    public const int EOPENSTALE = 518;

    /// <summary>Largest errno that <c>ERR_PTR</c> can carry (<c>MAX_ERRNO</c>).</summary>
    public const int MAX_ERRNO = 4095;

    /// <summary>Short name for reports ("ENOENT"), or the number.</summary>
    public static string name(int err) => Math.Abs(err) switch
    {
        0 => "0",
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        EIO => "EIO",
        ECHILD => "ECHILD",
        EAGAIN => "EAGAIN",
        ENOMEM => "ENOMEM",
        EACCES => "EACCES",
        EBUSY => "EBUSY",
        EEXIST => "EEXIST",
        EXDEV => "EXDEV",
        ENOTDIR => "ENOTDIR",
        EISDIR => "EISDIR",
        EINVAL => "EINVAL",
        ENAMETOOLONG => "ENAMETOOLONG",
        ENOTEMPTY => "ENOTEMPTY",
        ELOOP => "ELOOP",
        ESTALE => "ESTALE",
        EOPENSTALE => "EOPENSTALE",
        var n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
