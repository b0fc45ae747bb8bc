// SPDX-License-Identifier: GPL-2.0-only
// struct file (the fields open uses), after include/linux/fs.h (Linux v4.7).
namespace DcacheStress.Kernel;

/// <summary><c>struct file</c> (named <c>filp</c>: C# reserves <c>file</c>): what <c>open</c> fills in.</summary>
public sealed class filp
{
    /// <summary><c>DENTRY_NOT_SET</c>: atomic_open's marker that <c>finish_no_open</c> was not called.</summary>
    public static readonly dentry DENTRY_NOT_SET = dentry.ERR_PTR(-Errno.EINVAL);

    /// <summary><c>f_path</c>.</summary>
    public path f_path;

    /// <summary><c>f_flags</c>.</summary>
    public uint f_flags;

    /// <summary>Set once the file is really open (<c>finish_open</c> / <c>FMODE_OPENED</c>).</summary>
    public bool opened;

    /// <summary><c>private_data</c> (the NFS open context).</summary>
    public object? private_data;
}
