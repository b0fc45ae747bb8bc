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
        ulong r = SeedMix.Next(ref rng);
        dentry root = t.Mounts[(int)(r % (ulong)t.Mounts.Count)].Root;
        r >>= 8;
        var names = t.Names;
        byte[] a = names.Files[(int)(r % (ulong)names.Files.Length)];
        byte[] b = names.Files[(int)((r >> 20) % (ulong)names.Files.Length)];
        byte[] dir = names.Dirs[(int)((r >> 20) % (ulong)names.Dirs.Length)];
        if (op == OpKind.Lookup)
            a = names.Leaves[(int)(r % (ulong)names.Leaves.Length)];
        int err = Apply(op, root, a, b, dir, out long lookups, out long retries);
        stats.AddWalk(lookups, retries);
        var result = OpNames.FromErrno(err);
        stats.Count(op, result);
        return result;
    }

    /// <summary>
    /// Issue <paramref name="op"/> from <paramref name="root"/> on path <paramref name="a"/> (rename:
    /// to <paramref name="b"/>; readdir: of <paramref name="dir"/>); returns 0 or the errno. Stress
    /// workers and explore's generated programs share it.
    /// </summary>
    public static int Apply(OpKind op, dentry root, byte[] a, byte[] b, byte[] dir, out long lookups, out long retries)
    {
        lookups = 0;
        retries = 0;
        int err;
        switch (op)
        {
            case OpKind.Open:
                err = namei.do_filp_open(root, a, O_RDONLY, 0, out filp? f, out lookups, out retries);
                if (err == 0)
                    namei.fput(f!);
                break;
            case OpKind.OpenCreat:
                err = namei.do_filp_open(root, a, O_CREAT | O_RDWR, 0x1A4, out filp? fc, out lookups, out retries);
                if (err == 0)
                    namei.fput(fc!);
                break;
            case OpKind.Stat:
                err = namei.vfs_stat(root, a, out _, out lookups, out retries);
                break;
            case OpKind.Unlink:
                err = namei.do_unlinkat(root, a);
                break;
            case OpKind.Rename:
                err = ReferenceEquals(a, b) ? 0 : namei.do_renameat(root, a, b);
                break;
            case OpKind.Readdir:
                err = Readdir(root, dir, ref lookups, ref retries);
                break;
            case OpKind.Lookup:
                err = namei.vfs_stat(root, a, out _, out lookups, out retries);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op));
        }
        return err;
    }

    /// <summary>`ls`: open the directory, read it (NFS primes the dcache), close.</summary>
    private static int Readdir(dentry root, byte[] dir, ref long lookups, ref long retries)
    {
        int err = namei.do_filp_open(root, dir, O_RDONLY | O_DIRECTORY, 0, out filp? f, out lookups, out retries);
        if (err != 0)
            return err;
        err = namei.iterate_dir(f!, out _);
        namei.fput(f!);
        return err;
    }
}
