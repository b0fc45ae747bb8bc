// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Workload;

/// <summary>One operation through the ported VFS, as a user-space program would issue it.</summary>
public static class Ops
{
    /// <summary>Run <paramref name="op"/> on a random mount and name of <paramref name="t"/>.</summary>
    public static OpResult Run(OpKind op, PatchTarget t, WorkerStats stats, ref ulong rng)
    {
        if (t.ListBurst is { } burst)
        {
            if (op == OpKind.ListR)
                burst.Start();
            else if (burst.TryJoin())
                op = OpKind.ListR;
        }
        ulong r = SeedMix.Next(ref rng);
        dentry root = t.Mounts[(int)(r % (ulong)t.Mounts.Count)].Root;
        r >>= 8;
        var names = t.Names;
        byte[] a = names.Files[(int)(r % (ulong)names.Files.Length)];
        long lookups = 0, retries = 0;
        int err;
        switch (op)
        {
            case OpKind.Open:
                OpTrace.Begin(op, Syscall.open);
                err = namei.do_filp_open(root, a, O_RDONLY, 0, out filp? f, out lookups, out retries);
                if (err == 0)
                    namei.fput(f!);
                break;
            case OpKind.OpenCreat:
                OpTrace.Begin(op, Syscall.open_creat);
                err = namei.do_filp_open(root, a, O_CREAT | O_RDWR, 0x1A4, out filp? fc, out lookups, out retries);
                if (err == 0)
                    namei.fput(fc!);
                break;
            case OpKind.Stat:
                OpTrace.Begin(op, Syscall.stat);
                err = namei.vfs_stat(root, a, out _, out lookups, out retries);
                break;
            case OpKind.Unlink:
                OpTrace.Begin(op, Syscall.unlink);
                err = namei.do_unlinkat(root, a);
                break;
            case OpKind.Rename:
                byte[] b = names.Files[(int)((r >> 20) % (ulong)names.Files.Length)];
                OpTrace.Begin(op, Syscall.rename);
                err = ReferenceEquals(a, b) ? 0 : namei.do_renameat(root, a, b);
                break;
            case OpKind.Readdir:
                err = Readdir(root, names.Dirs[(int)((r >> 20) % (ulong)names.Dirs.Length)], ref lookups, ref retries);
                break;
            case OpKind.Lookup:
                byte[] leaf = names.Leaves[(int)(r % (ulong)names.Leaves.Length)];
                err = namei.vfs_stat(root, leaf, out _, out lookups, out retries);
                break;
            default:
                err = RacerOps.Run(op, root, names, r, ref lookups, ref retries);
                break;
        }
        stats.AddWalk(lookups, retries);
        var result = OpNames.FromErrno(err);
        stats.Count(op, result);
        return result;
    }

    /// <summary>
    /// One plain op on explicit paths (explore's generated programs): <see cref="OpKind.Open"/>,
    /// <see cref="OpKind.OpenCreat"/>, <see cref="OpKind.Stat"/>, <see cref="OpKind.Unlink"/>,
    /// <see cref="OpKind.Rename"/> (<paramref name="a"/> to <paramref name="b"/>) or
    /// <see cref="OpKind.Readdir"/> (of <paramref name="dir"/>), the same calls as <see cref="Run"/>.
    /// Returns 0 or the errno.
    /// </summary>
    public static int Apply(OpKind op, dentry root, byte[] a, byte[] b, byte[] dir)
    {
        long lookups = 0, retries = 0;
        switch (op)
        {
            case OpKind.Open:
            case OpKind.OpenCreat:
                OpTrace.Begin(op, op == OpKind.Open ? Syscall.open : Syscall.open_creat);
                int err = op == OpKind.Open
                    ? namei.do_filp_open(root, a, O_RDONLY, 0, out filp? f, out _, out _)
                    : namei.do_filp_open(root, a, O_CREAT | O_RDWR, 0x1A4, out f, out _, out _);
                if (err == 0)
                    namei.fput(f!);
                return err;
            case OpKind.Stat:
                OpTrace.Begin(op, Syscall.stat);
                return namei.vfs_stat(root, a, out _, out _, out _);
            case OpKind.Unlink:
                OpTrace.Begin(op, Syscall.unlink);
                return namei.do_unlinkat(root, a);
            case OpKind.Rename:
                OpTrace.Begin(op, Syscall.rename);
                return ReferenceEquals(a, b) ? 0 : namei.do_renameat(root, a, b);
            case OpKind.Readdir:
                return Readdir(root, dir, ref lookups, ref retries);
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "explore runs open, open_creat, stat, unlink, rename and readdir only");
        }
    }

    /// <summary>`ls`: open the directory, read it (NFS primes the dcache), close.</summary>
    private static int Readdir(dentry root, byte[] dir, ref long lookups, ref long retries)
    {
        OpTrace.Begin(OpKind.Readdir, Syscall.opendir);
        int err = namei.do_filp_open(root, dir, O_RDONLY | O_DIRECTORY, 0, out filp? f, out lookups, out retries);
        if (err != 0)
            return err;
        OpTrace.Begin(OpKind.Readdir, Syscall.getdents);
        err = namei.iterate_dir(f!, out _);
        namei.fput(f!);
        return err;
    }
}
