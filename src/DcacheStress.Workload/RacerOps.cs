// SPDX-License-Identifier: GPL-2.0-only
using System.Text;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Workload;

/// <summary>
/// Lustre's racer scripts (lustre/tests/racer/*.sh, as of 4af430de69, 2016-07-05), one iteration
/// each, as the system calls their shell commands issue. <c>D</c> is the race directory
/// (<c>/racer</c>), <c>N</c>, <c>M</c> are names "0".."19" (<c>--names</c>).
/// <list type="table">
/// <listheader><term>script (op)</term><description>system calls</description></listheader>
/// <item><term>file_create (open_creat)</term><description>open(D/N, O_CREAT|O_RDWR), close (dd's writes: no data in the model)</description></item>
/// <item><term>dir_create (dir_create)</term><description>mkdir D/N, mkdir D/N/N (mkdir -p: EEXIST of a directory is fine), open(D/N/N/N, O_WRONLY|O_CREAT|O_TRUNC), close</description></item>
/// <item><term>file_rm (rm_rf)</term><description>lstat D/N; a file: unlink; a directory: opendir (O_DIRECTORY|O_NOFOLLOW), getdents, close, the same for each entry, rmdir</description></item>
/// <item><term>file_rename (rename)</term><description>rename(D/N, D/M)</description></item>
/// <item><term>file_link (link)</term><description>link(D/N, D/M)</description></item>
/// <item><term>file_symlink (symlink)</term><description>symlink("N", D/M), then symlink("N/N/N", D/M)</description></item>
/// <item><term>file_list (ls_r)</term><description>opendir D (O_RDONLY|O_DIRECTORY), getdents, close, lstat of each entry, then the same for each entry that is a directory (ls -R); ten at once (<see cref="ListBurst"/>)</description></item>
/// <item><term>file_concat (concat)</term><description>twice: the shell's open(D/M, O_WRONLY|O_CREAT|O_APPEND), then cat's open(D/N, then D/N/N/N, O_RDONLY): non-O_CREAT opens of names that are often absent</description></item>
/// <item><term>file_exec (exec)</term><description>cp: open(D/N, O_WRONLY|O_CREAT|O_TRUNC), close; execve: open(D/N, O_RDONLY), close</description></item>
/// <item><term>file_chmod, file_chown, file_setxattr, file_delxattr (setattr)</term><description>the path walk (user_path_at, following); SETATTR/SETXATTR carry no modelled state</description></item>
/// <item><term>file_getxattr (stat)</term><description>the path walk of getfattr</description></item>
/// <item><term>file_mknod (mknod)</term><description>mknod(D/N, S_IFREG) → vfs_create</description></item>
/// <item><term>file_truncate (truncate)</term><description>coreutils truncate: open(D/N, O_WRONLY|O_CREAT), ftruncate (no data), close</description></item>
/// </list>
/// The scripts' sleeps are left out; opens of a trailing symlink give ELOOP (the model does not
/// follow symlinks: docs/porting.md).
/// </summary>
public static class RacerOps
{
    /// <summary>Deepest directory level `ls -R` and `rm -rf` descend to (racer makes D/N/N/N at most).</summary>
    public const int MaxDepth = 6;

    /// <summary>Run one racer op on a random mount and names; returns the kernel result of its main call.</summary>
    internal static int Run(OpKind op, dentry root, NameSet names, ulong r, ref long lookups, ref long retries)
    {
        int n = names.Files.Length;
        int a = (int)(r % (ulong)n), b = (int)((r >> 20) % (ulong)n);
        Span<byte> buf = stackalloc byte[names.Dir.Length + 3 * 8];
        switch (op)
        {
            case OpKind.DirCreate:
                return DirCreate(root, names, buf, a, ref lookups, ref retries);
            case OpKind.RmRf:
                return RmRf(root, Encoding.UTF8.GetString(names.Files[a]), 0, ref lookups, ref retries);
            case OpKind.Link:
                OpTrace.Begin(op, Syscall.link);
                return a == b ? 0 : namei.do_linkat(root, names.Files[a], names.Files[b]);
            case OpKind.Symlink:
            {
                OpTrace.Begin(op, Syscall.symlink);
                int err = namei.do_symlinkat(root, names.Names[a], names.Files[b]);
                int err2 = namei.do_symlinkat(root, $"{names.Names[a]}/{names.Names[a]}/{names.Names[a]}", names.Files[b]);
                return err != 0 ? err : err2;
            }
            case OpKind.ListR:
                return ListR(root, Encoding.UTF8.GetString(names.Dir), 0, ref lookups, ref retries);
            case OpKind.Concat:
            {
                // cat D/N >> D/M; cat D/N/N/N >> D/M: the shell opens the target before cat runs
                OpTrace.Begin(op, Syscall.open_creat);
                Open(root, names.Files[b], O_WRONLY | O_CREAT | O_APPEND, ref lookups, ref retries);
                OpTrace.Begin(op, Syscall.open);
                int err = Open(root, names.Files[a], O_RDONLY, ref lookups, ref retries);
                OpTrace.Begin(op, Syscall.open_creat);
                Open(root, names.Files[b], O_WRONLY | O_CREAT | O_APPEND, ref lookups, ref retries);
                OpTrace.Begin(op, Syscall.open);
                int err2 = Open(root, Compose(buf, names, a, a, a), O_RDONLY, ref lookups, ref retries);
                return err != 0 ? err : err2;
            }
            case OpKind.Exec:
            {
                OpTrace.Begin(op, Syscall.open_creat);
                int err = Open(root, names.Files[a], O_WRONLY | O_CREAT | O_TRUNC, ref lookups, ref retries);
                OpTrace.Begin(op, Syscall.open);
                int err2 = Open(root, names.Files[a], O_RDONLY, ref lookups, ref retries);
                return err != 0 ? err : err2;
            }
            case OpKind.Setattr:
            {
                OpTrace.Begin(op, Syscall.stat);
                int err = namei.vfs_stat(root, names.Files[a], out _, out long l, out long s);
                lookups += l;
                retries += s;
                return err;
            }
            case OpKind.Mknod:
                OpTrace.Begin(op, Syscall.mknod);
                return namei.do_mknodat(root, names.Files[a], inode.S_IFREG | 0x1A4);
            case OpKind.Truncate:
                OpTrace.Begin(op, Syscall.open_creat);
                return Open(root, names.Files[a], O_WRONLY | O_CREAT, ref lookups, ref retries);
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "not a racer op");
        }
    }

    /// <summary><c>D/a[/b[/c]]</c> into <paramref name="buf"/> (no allocation).</summary>
    private static ReadOnlySpan<byte> Compose(Span<byte> buf, NameSet names, int a, int b = -1, int c = -1)
    {
        int len = 0;
        names.Dir.CopyTo(buf);
        len += names.Dir.Length;
        foreach (int i in (ReadOnlySpan<int>)[a, b, c])
        {
            if (i < 0)
                break;
            buf[len++] = (byte)'/';
            i.TryFormat(buf[len..], out int w, provider: System.Globalization.CultureInfo.InvariantCulture);
            len += w;
        }
        return buf[..len];
    }

    private static int Open(dentry root, ReadOnlySpan<byte> path, uint flags, ref long lookups, ref long retries)
    {
        int err = namei.do_filp_open(root, path, flags, 0x1A4, out filp? f, out long l, out long s);
        lookups += l;
        retries += s;
        if (err == 0)
            namei.fput(f!);
        return err;
    }

    /// <summary>dir_create.sh: <c>mkdir -p D/N/N/; echo asdf > D/N/N/N</c> (one N, three times).</summary>
    private static int DirCreate(dentry root, NameSet names, Span<byte> buf, int a, ref long lookups, ref long retries)
    {
        OpTrace.Begin(OpKind.DirCreate, Syscall.mkdir);
        int err = MkdirOne(root, Compose(buf, names, a), ref lookups, ref retries);
        if (err == 0)
            err = MkdirOne(root, Compose(buf, names, a, a), ref lookups, ref retries);
        // the echo runs whether mkdir -p failed or not (the script ignores its status)
        OpTrace.Begin(OpKind.DirCreate, Syscall.open_creat);
        int err2 = Open(root, Compose(buf, names, a, a, a), O_WRONLY | O_CREAT | O_TRUNC, ref lookups, ref retries);
        return err != 0 ? err : err2;
    }

    /// <summary>One component of <c>mkdir -p</c>: EEXIST is fine when what exists is a directory.</summary>
    private static int MkdirOne(dentry root, ReadOnlySpan<byte> path, ref long lookups, ref long retries)
    {
        int err = namei.do_mkdirat(root, path, 0x1ED);
        if (err != -Errno.EEXIST)
            return err;
        err = namei.vfs_stat(root, path, out inode? inode, out long l, out long s);
        lookups += l;
        retries += s;
        return err != 0 ? err : inode!.S_ISDIR ? 0 : -Errno.EEXIST;
    }

    /// <summary>Names of a directory: opendir (O_DIRECTORY, optionally O_NOFOLLOW), getdents, close.</summary>
    private static int ReadNames(OpKind op, dentry root, string dir, uint extra, List<string> into, ref long lookups, ref long retries)
    {
        OpTrace.Begin(op, Syscall.opendir);
        int err = namei.do_filp_open(root, Encoding.UTF8.GetBytes(dir), O_RDONLY | O_DIRECTORY | extra, 0, out filp? f,
            out long l, out long s);
        lookups += l;
        retries += s;
        if (err != 0)
            return err;
        OpTrace.Begin(op, Syscall.getdents);
        err = namei.iterate_dir(f!, new dir_context((name, _, _) =>
        {
            into.Add(name);
            return true;
        }));
        namei.fput(f!);
        return err;
    }

    /// <summary>
    /// <c>ls -R dir</c>: list it, lstat every entry, then list each entry that is a directory. The
    /// opendir of an entry races with rm -rf, mv and mkdir of the same name: O_DIRECTORY opens of
    /// names that are gone, or no longer (or only now) directories.
    /// </summary>
    private static int ListR(dentry root, string dir, int depth, ref long lookups, ref long retries)
    {
        var entries = new List<string>();
        int err = ReadNames(OpKind.ListR, root, dir, 0, entries, ref lookups, ref retries);
        if (err != 0 || depth >= MaxDepth)
            return err;
        var subdirs = new List<string>();
        foreach (string name in entries)
        {
            string p = dir + "/" + name;
            OpTrace.Begin(OpKind.ListR, Syscall.lstat);
            if (namei.vfs_lstat(root, Encoding.UTF8.GetBytes(p), out uint mode, out long l, out long s) == 0
                && (mode & inode.S_IFMT) == inode.S_IFDIR)
                subdirs.Add(p);
            lookups += l;
            retries += s;
        }
        foreach (string p in subdirs)
            ListR(root, p, depth + 1, ref lookups, ref retries); // ls reports a vanished directory and goes on
        return 0;
    }

    /// <summary>
    /// <c>rm -rf path</c> (fts): lstat; a non-directory is unlinked; a directory is read
    /// (O_DIRECTORY|O_NOFOLLOW), its entries removed depth first, then rmdir'd. ENOENT anywhere is
    /// fine (rm -f); the op's result is the last call's.
    /// </summary>
    private static int RmRf(dentry root, string path, int depth, ref long lookups, ref long retries)
    {
        byte[] p = Encoding.UTF8.GetBytes(path);
        OpTrace.Begin(OpKind.RmRf, Syscall.lstat);
        int err = namei.vfs_lstat(root, p, out uint mode, out long l, out long s);
        lookups += l;
        retries += s;
        if (err != 0)
            return err;
        if ((mode & inode.S_IFMT) != inode.S_IFDIR)
        {
            OpTrace.Begin(OpKind.RmRf, Syscall.unlink);
            return namei.do_unlinkat(root, p);
        }
        if (depth < MaxDepth)
        {
            var entries = new List<string>();
            if (ReadNames(OpKind.RmRf, root, path, O_NOFOLLOW, entries, ref lookups, ref retries) == 0)
            {
                foreach (string name in entries)
                    RmRf(root, path + "/" + name, depth + 1, ref lookups, ref retries);
            }
        }
        OpTrace.Begin(OpKind.RmRf, Syscall.rmdir);
        return namei.do_rmdir(root, p);
    }
}
