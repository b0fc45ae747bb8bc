// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Workload;

/// <summary>Outcome of one operation (metric label <c>result</c>; low cardinality).</summary>
public enum OpResult
{
    Ok,
    Enoent,
    Eexist,
    Estale,
    Eio,
    Error,
}

/// <summary>Names and mapping for <see cref="OpKind"/>/<see cref="OpResult"/>.</summary>
public static class OpNames
{
    /// <summary>Number of op kinds.</summary>
    public const int OpCount = 17;

    /// <summary>Number of results.</summary>
    public const int ResultCount = 6;

    private static readonly string[] s_ops =
    [
        "open", "open_creat", "stat", "unlink", "rename", "readdir", "lookup",
        "dir_create", "rm_rf", "link", "symlink", "ls_r", "concat", "exec", "setattr", "mknod", "truncate",
    ];
    private static readonly string[] s_results = ["ok", "enoent", "eexist", "estale", "eio", "error"];

    /// <summary>Label value of an op.</summary>
    public static string Name(OpKind op) => s_ops[(int)op];

    /// <summary>Label value of a result.</summary>
    public static string Name(OpResult r) => s_results[(int)r];

    /// <summary>Map a kernel return value.</summary>
    public static OpResult FromErrno(int err) => -err switch
    {
        0 => OpResult.Ok,
        Errno.ENOENT => OpResult.Enoent,
        Errno.EEXIST => OpResult.Eexist,
        Errno.ESTALE => OpResult.Estale,
        Errno.EIO => OpResult.Eio,
        _ => OpResult.Error,
    };
}
