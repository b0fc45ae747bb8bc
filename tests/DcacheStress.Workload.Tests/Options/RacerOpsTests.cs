// SPDX-License-Identifier: GPL-2.0-only
using System.Text;
using DcacheStress.Fs;
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;
using DcacheStress.Workload.Tests.Support;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Workload.Tests.Options;

/// <summary>
/// The racer ops (Lustre's racer scripts) and the VFS/NFS calls they added, one thread at a time:
/// each call does what the syscall does, and no racer op can hit an invariant without a race.
/// </summary>
public sealed class RacerOpsTests
{
    private static PatchTarget Target(string patch = "v4.7", int names = 6) =>
        new(Runs.Patch(patch), new StressOptions { Patches = [patch], Workload = WorkloadKind.Racer, Names = names, Threads = 1 });

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static List<string> Ls(dentry root, string dir)
    {
        var names = new List<string>();
        Assert.Equal(0, namei.do_filp_open(root, B(dir), O_RDONLY | O_DIRECTORY, 0, out filp? f, out _, out _));
        Assert.Equal(0, namei.iterate_dir(f!, new dir_context((n, _, _) =>
        {
            names.Add(n);
            return true;
        })));
        namei.fput(f!);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private static uint Lstat(dentry root, string path) =>
        namei.vfs_lstat(root, B(path), out uint mode, out _, out _) == 0 ? mode & inode.S_IFMT : 0;

    [Fact]
    public void Mkdir_NestedCreate_RmdirAndUnlink_FollowTheSyscalls()
    {
        var t = Target();
        dentry root = t.Mounts[0].Root;

        Assert.Equal(0, namei.do_mkdirat(root, B("/racer/1"), 0x1ED));
        Assert.Equal(0, namei.do_mkdirat(root, B("/racer/1/2"), 0x1ED));
        Assert.Equal(0, namei.do_filp_open(root, B("/racer/1/2/3"), O_WRONLY | O_CREAT | O_TRUNC, 0x1A4, out filp? f, out _, out _));
        namei.fput(f!);
        Assert.Equal(["3"], Ls(root, "/racer/1/2"));
        Assert.Equal(inode.S_IFDIR, Lstat(root, "/racer/1/2"));

        Assert.Equal(-Errno.ENOTEMPTY, namei.do_rmdir(root, B("/racer/1")));
        Assert.Equal(-Errno.EISDIR, namei.do_unlinkat(root, B("/racer/1/2")));
        Assert.Equal(-Errno.ENOTDIR, namei.do_rmdir(root, B("/racer/1/2/3")));
        Assert.Equal(-Errno.ENOTDIR, namei.do_filp_open(root, B("/racer/1/2/3"), O_RDONLY | O_DIRECTORY, 0, out _, out _, out _));
        Assert.Equal(0, namei.do_unlinkat(root, B("/racer/1/2/3")));
        Assert.Equal(0, namei.do_rmdir(root, B("/racer/1/2")));
        Assert.Equal(0, namei.do_rmdir(root, B("/racer/1")));
        Assert.Equal(-Errno.ENOENT, namei.do_rmdir(root, B("/racer/1")));
        Assert.Equal(0u, Lstat(root, "/racer/1"));
        // the name can be a directory again, with nothing of the old one in it
        Assert.Equal(0, namei.do_mkdirat(root, B("/racer/1"), 0x1ED));
        Assert.Empty(Ls(root, "/racer/1"));
        Runs.AssertFsckClean(t);
    }

    [Fact]
    public void Link_SecondNameForTheSameFile_NeverForADirectory()
    {
        var t = Target();
        dentry root = t.Mounts[0].Root; // names 0, 2, 4 exist at start

        Assert.Equal(0, namei.do_linkat(root, B("/racer/0"), B("/racer/1")));
        Assert.Equal(0, t.Server.Lookup(t.Server.RootId, "racer", out ServerEntry d));
        Assert.Equal(0, t.Server.Lookup(d.FileId, "0", out ServerEntry a));
        Assert.Equal(0, t.Server.Lookup(d.FileId, "1", out ServerEntry b));
        Assert.Equal(a.FileId, b.FileId);
        Assert.Equal(0, namei.vfs_stat(root, B("/racer/1"), out inode? i1, out _, out _));
        Assert.Equal(0, namei.vfs_stat(root, B("/racer/0"), out inode? i0, out _, out _));
        Assert.Same(i0, i1);
        Assert.Equal(-Errno.EEXIST, namei.do_linkat(root, B("/racer/0"), B("/racer/2")));
        Assert.Equal(-Errno.ENOENT, namei.do_linkat(root, B("/racer/5"), B("/racer/3")));
        Assert.Equal(0, namei.do_mkdirat(root, B("/racer/3"), 0x1ED));
        Assert.Equal(-Errno.EPERM, namei.do_linkat(root, B("/racer/3"), B("/racer/5")));
        Runs.AssertFsckClean(t);
    }

    [Fact]
    public void Symlink_IsALinkToLstat_OpeningItGivesEloop()
    {
        var t = Target();
        dentry root = t.Mounts[0].Root;

        Assert.Equal(0, namei.do_symlinkat(root, "0/0/0", B("/racer/1")));
        Assert.Equal(inode.S_IFLNK, Lstat(root, "/racer/1"));
        Assert.Equal(-Errno.ELOOP, namei.do_filp_open(root, B("/racer/1"), O_RDONLY, 0, out _, out _, out _));
        // the other mount, uncached: the OPEN RPC meets the link (NFS4ERR_SYMLINK), no_open looks it up
        Assert.Equal(-Errno.ELOOP, namei.do_filp_open(t.Mounts[1].Root, B("/racer/1"), O_RDONLY, 0, out _, out _, out _));
        Assert.Equal(-Errno.EEXIST, namei.do_symlinkat(root, "x", B("/racer/1")));
        Assert.Equal(0, namei.do_unlinkat(root, B("/racer/1")));
        Assert.Equal(0u, Lstat(root, "/racer/1"));
        Assert.Equal(0, t.Dcache.bug.TotalHits);
        Runs.AssertFsckClean(t);
    }

    [Fact]
    public void Mknod_CreatesARegularFileOnce()
    {
        var t = Target();
        dentry root = t.Mounts[0].Root;

        Assert.Equal(0, namei.do_mknodat(root, B("/racer/1"), inode.S_IFREG | 0x1A4));
        Assert.Equal(inode.S_IFREG, Lstat(root, "/racer/1"));
        Assert.Equal(-Errno.EEXIST, namei.do_mknodat(root, B("/racer/1"), inode.S_IFREG | 0x1A4));
        Assert.Equal(-Errno.EINVAL, namei.do_mknodat(root, B("/racer/3"), inode.S_IFDIR | 0x1ED));
        Runs.AssertFsckClean(t);
    }

    [Fact]
    public void RemovedDirectory_TheOtherMountsCachedPathGoesStaleWithoutThrowing()
    {
        var t = Target();
        dentry a = t.Mounts[0].Root, b = t.Mounts[1].Root;
        Assert.Equal(0, namei.do_mkdirat(a, B("/racer/1"), 0x1ED));
        Assert.Equal(inode.S_IFDIR, Lstat(b, "/racer/1")); // b caches the directory
        Assert.Equal(0, namei.do_rmdir(a, B("/racer/1")));

        int err = namei.do_filp_open(b, B("/racer/1/2"), O_WRONLY | O_CREAT, 0x1A4, out _, out _, out _);
        Assert.True(err is -Errno.ENOENT or -Errno.ESTALE, Errno.name(err));
        Assert.Equal(0, t.Dcache.bug.TotalHits);
        Runs.AssertFsckClean(t);
    }

    [Theory]
    [InlineData("v4.7-rc6")]
    [InlineData("viro-2016-07-03")]
    [InlineData("v4.7")]
    [InlineData("revalidate-zero")]
    [InlineData("v4.7-no-exact-alias")]
    public void EveryRacerOp_OneThread_NeverHitsAnInvariant(string patch)
    {
        // A BUG_ON without a second thread would be the model's, not a race (nfs-fidelity.md D1).
        var t = Target(patch, names: 4);
        var stats = new WorkerStats();
        ulong rng = 0x5eed;
        task_struct.set_current_task(new task_struct("w0", 1));
        var racerOps = Enum.GetValues<OpKind>().Where(op => OpMix.For(WorkloadKind.Racer).Share(op) > 0).ToList();
        for (int i = 0; i < 4000; i++)
            Ops.Run(racerOps[i % racerOps.Count], t, stats, ref rng);

        Assert.Equal(0, t.Dcache.bug.TotalHits);
        Assert.All(racerOps, op => Assert.True(Enumerable.Range(0, OpNames.ResultCount).Sum(r => stats.Ops(op, (OpResult)r)) > 0, OpNames.Name(op)));
        Assert.True(stats.Ops(OpKind.DirCreate, OpResult.Ok) > 0);
        Assert.True(stats.Ops(OpKind.ListR, OpResult.Ok) > 0);
        Runs.AssertFsckClean(t);
    }

    [Fact]
    public void RacerMix_EachLustreScriptWeighsTheSame()
    {
        var mix = OpMix.For(WorkloadKind.Racer);

        // 16 scripts; chmod, chown, setxattr, delxattr share `setattr`
        Assert.Equal(4 / 16.0, mix.Share(OpKind.Setattr), 9);
        foreach (var op in new[] { OpKind.OpenCreat, OpKind.DirCreate, OpKind.RmRf, OpKind.Rename, OpKind.Link, OpKind.Symlink,
                     OpKind.ListR, OpKind.Concat, OpKind.Exec, OpKind.Mknod, OpKind.Truncate, OpKind.Stat })
            Assert.Equal(1 / 16.0, mix.Share(op), 9);
        Assert.Equal(0, mix.Share(OpKind.Open));
        Assert.Equal(0, mix.Share(OpKind.Unlink));
        Assert.Equal(0, mix.Share(OpKind.Readdir));
    }

    [Fact]
    public void OpTrace_NamesOpAndSyscall()
    {
        Assert.Equal("ls_r/opendir", OpTrace.Name((int)OpKind.ListR | ((int)Syscall.opendir << 8)));
        Assert.Equal("open", OpTrace.Name((int)OpKind.Open));
        Assert.Equal("4096", OpTrace.Name(4096));
        Assert.Equal(OpNames.OpCount, Enum.GetValues<OpKind>().Length);
    }
}

public sealed class ListBurstTests
{
    [Fact]
    public void Start_RecruitsUpToNineOtherWorkers_ThenClosesUntilTheNextStart()
    {
        var burst = new ListBurst(threads: 4);
        Assert.False(burst.TryJoin());

        burst.Start();

        Assert.True(burst.TryJoin());
        Assert.True(burst.TryJoin());
        Assert.True(burst.TryJoin());
        Assert.False(burst.TryJoin()); // 4 workers: the starter and 3 more
        burst.Start();
        Assert.Equal(2, burst.Started);
        Assert.Equal(ListBurst.Size - 1, JoinAll(new ListBurst(64))); // ten ls -R at most
        Assert.Equal(0, JoinAll(new ListBurst(1)));
    }

    private static int JoinAll(ListBurst b)
    {
        b.Start();
        int n = 0;
        while (b.TryJoin())
            n++;
        return n;
    }

    [Fact]
    public void Ops_InARacerTarget_AnLsRTurnsTheNextOpsOfOtherWorkersIntoLsR()
    {
        var t = new PatchTarget(Support.Runs.Patch("v4.7"), new StressOptions { Patches = ["v4.7"], Workload = WorkloadKind.Racer, Names = 4, Threads = 3 });
        var stats = new WorkerStats();
        ulong rng = 1;
        Kernel.task_struct.set_current_task(new Kernel.task_struct("w0", 1));

        Ops.Run(OpKind.ListR, t, stats, ref rng);
        Ops.Run(OpKind.Stat, t, stats, ref rng);
        Ops.Run(OpKind.Stat, t, stats, ref rng);
        Ops.Run(OpKind.Stat, t, stats, ref rng);

        Assert.Equal(3, Enumerable.Range(0, OpNames.ResultCount).Sum(r => stats.Ops(OpKind.ListR, (OpResult)r)));
        Assert.Equal(1, Enumerable.Range(0, OpNames.ResultCount).Sum(r => stats.Ops(OpKind.Stat, (OpResult)r)));
        Assert.Null(new PatchTarget(Support.Runs.Patch("v4.7"), new StressOptions { Patches = ["v4.7"], Workload = WorkloadKind.OpenStorm, Threads = 3 }).ListBurst);
    }
}
