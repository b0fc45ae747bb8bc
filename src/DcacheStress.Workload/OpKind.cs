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
    /// <summary>racer dir_create: `mkdir -p D/N/N` then `echo > D/N/N/N` (O_WRONLY|O_CREAT|O_TRUNC).</summary>
    DirCreate,
    /// <summary>racer file_rm: `rm -rf D/N` (lstat, getdents, unlink/rmdir depth first).</summary>
    RmRf,
    /// <summary>racer file_link: `ln D/N D/M`.</summary>
    Link,
    /// <summary>racer file_symlink: `ln -s N D/M` or `ln -s N/N/N D/M`.</summary>
    Symlink,
    /// <summary>racer file_list: `ls -R D` (opendir O_DIRECTORY, getdents, lstat, recurse into directories).</summary>
    ListR,
    /// <summary>racer file_concat: `cat D/N >> D/M` (O_WRONLY|O_CREAT|O_APPEND, then a non-O_CREAT open).</summary>
    Concat,
    /// <summary>racer file_exec: `cp /bin/sleep D/N` (O_WRONLY|O_CREAT|O_TRUNC), then execve (non-O_CREAT open).</summary>
    Exec,
    /// <summary>racer file_chmod/chown/setxattr/delxattr: path walk; the SETATTR carries no modelled state.</summary>
    Setattr,
    /// <summary>racer file_mknod: `mcreate D/N` = mknod(S_IFREG) → vfs_create.</summary>
    Mknod,
    /// <summary>racer file_truncate: coreutils `truncate D/N size` = open(O_WRONLY|O_CREAT) + ftruncate.</summary>
    Truncate,
}
