// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload;

/// <summary>Operations a worker performs (metric label <c>op</c>).</summary>
public enum OpKind
{
    /// <summary>open() without O_CREAT (then close).</summary>
    Open,
    /// <summary>open(O_CREAT) (then close).</summary>
    OpenCreat,
    /// <summary>stat() of a name in the race directory.</summary>
    Stat,
    /// <summary>unlink().</summary>
    Unlink,
    /// <summary>rename() between two names of one directory.</summary>
    Rename,
    /// <summary>`ls`: open the directory, readdir (nfs_prime_dcache), close.</summary>
    Readdir,
    /// <summary>stat() of a deep path (lookup-hot).</summary>
    Lookup,
}
