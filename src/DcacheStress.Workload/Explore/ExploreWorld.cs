// SPDX-License-Identifier: GPL-2.0-only
using System.Text;
using DcacheStress.Fs;
using DcacheStress.Fs.Nfs;
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Workload.Explore;

/// <summary>
/// The world of one controlled execution: one patch's dcache, a server, two client mounts of it
/// (racer's MOUNT_2) on the step clock, the race directory <see cref="Dir"/> with the program's
/// names in their start states. Built from scratch for every execution, on the caller's thread.
/// </summary>
public sealed class ExploreWorld
{
    /// <summary>The race directory.</summary>
    public const string Dir = "/racer";

    private readonly byte[][] _paths;
    private readonly byte[] _dir = Encoding.UTF8.GetBytes(Dir);
    private readonly List<filp> _held = [];

    /// <summary>Its dcache.</summary>
    public Dcache Dcache { get; }

    /// <summary>The server.</summary>
    public IFsServer Server { get; }

    /// <summary>The two mounts.</summary>
    public IReadOnlyList<IFsMount> Mounts { get; }

    /// <summary>The mounts' kernel threads (Lustre's <c>ldlm_bl</c>), run as controlled tasks beside the program's.</summary>
    public IReadOnlyList<FsThread> Threads { get; } = [];

    /// <summary>Path of name <paramref name="i"/>: "/racer/f0".</summary>
    public static string PathOf(int i) => $"{Dir}/f{i}";

    /// <summary>Build the world of <paramref name="program"/> for <paramref name="patch"/>.</summary>
    public ExploreWorld(Patch patch, ExploreProgram program, NfsClock clock, bool detection = true)
    {
        // 2^12 buckets, not 2^16: the table is new in every execution, and a 1 MiB one cost ~90 % of
        // an execution (docs/explore.md, Limits); a handful of dentries rarely share a bucket either way.
        Dcache = patch.CreateDcache(DcacheOptions.Default with { DHashShift = 12 });
        Dcache.bug.Enabled = detection;
        if (patch is NfsPatch nfsPatch)
        {
            // NFS: the mounts read the step clock, so attribute-cache expiry follows the schedule.
            var server = new NfsServer();
            var options = new NfsMountOptions { Clock = clock };
            Server = server;
            Mounts = [new NfsMount(server, Dcache, nfsPatch, patch.Name + ":mnt1", options), new NfsMount(server, Dcache, nfsPatch, patch.Name + ":mnt2", options)];
        }
        else
        {
            // Another filesystem: its own two mounts, as a stress boot makes them, but their kernel
            // threads are ours to run: controlled tasks, so that one task runs at a time.
            FsInstance fs = patch.Filesystem.mount(patch, Dcache, new FsMountOptions(2, 0, patch.Name) { StartThreads = false });
            Server = fs.Server;
            Mounts = fs.Mounts;
            Threads = fs.Threads;
        }
        dentry root = Mounts[0].Root;
        Check(namei.do_mkdirat(root, _dir, 0x1ED), "mkdir " + Dir);
        _paths = [.. Enumerable.Range(0, program.Names.Count).Select(i => Encoding.UTF8.GetBytes(PathOf(i)))];
        for (int i = 0; i < _paths.Length; i++)
        {
            if (program.Names[i] == NameStart.Absent)
                continue;
            if (program.Names[i] == NameStart.Negative)
            {
                int e = namei.vfs_stat(root, _paths[i], out _, out _, out _);
                if (e != -Errno.ENOENT)
                    throw new InvalidOperationException($"explore setup failed: stat {PathOf(i)}: {Errno.name(e)}, expected ENOENT");
                continue;
            }
            Check(namei.do_filp_open(root, _paths[i], O_CREAT | O_RDWR, 0x1A4, out filp? f, out _, out _), "create " + PathOf(i));
            if (program.Names[i] == NameStart.HeldUnhashed)
            {
                _held.Add(f!); // never closed: its reference keeps the alias alive
                Dcache.d_invalidate(f!.f_path.dentry!);
            }
            else
            {
                namei.fput(f!);
            }
        }
    }

    /// <summary>Run <paramref name="op"/> (on the calling task); returns 0 or the errno.</summary>
    public int Run(ExploreOp op)
    {
        dentry root = Mounts[op.Mount % Mounts.Count].Root;
        byte[] a = _paths[op.Name % _paths.Length];
        return Ops.Apply(op.Op, root, a, _paths[op.Name2 % _paths.Length], op.Entry ? a : _dir);
    }

    private static void Check(int err, string what)
    {
        if (err != 0)
            throw new InvalidOperationException($"explore setup failed: {what}: {Errno.name(err)}");
    }
}
