// SPDX-License-Identifier: GPL-2.0-only
using System.Text;
using DcacheStress.Fs;
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Tests.Options;

public sealed class NameSetTests
{
    private static PatchTarget Target(StressOptions o)
    {
        Assert.True(PatchCatalog.TryCreate("v4.7", out Patch p));
        return new PatchTarget(p, o with { Patches = ["v4.7"], Threads = 1 });
    }

    private static string S(byte[] b) => Encoding.UTF8.GetString(b);

    [Fact]
    public void Create_OpenStorm_HalfTheNamesPresentAtStart()
    {
        var t = Target(new StressOptions { Workload = WorkloadKind.OpenStorm, Names = 20 });

        Assert.Equal(20, t.Names.Files.Length);
        Assert.Equal(["/racer"], t.Names.Dirs.Select(S));
        Assert.Equal(0, t.Server.Lookup(t.Server.RootId, "racer", out ServerEntry dir));
        var present = new List<int>();
        for (int i = 0; i < t.Names.Files.Length; i++)
        {
            Assert.Equal($"/racer/f{i}", S(t.Names.Files[i]));
            if (t.Server.Lookup(dir.FileId, $"f{i}", out _) == 0)
                present.Add(i);
        }
        Assert.Equal(10, present.Count);
        Assert.All(present, i => Assert.Equal(0, i % 2));
        // the dcache starts warm and agrees: the present ones stat, the absent ones do not
        foreach (var m in t.Mounts)
        {
            for (int i = 0; i < t.Names.Files.Length; i++)
            {
                int err = namei.vfs_stat(m.Root, t.Names.Files[i], out _, out _, out _);
                Assert.Equal(i % 2 == 0 ? 0 : -Errno.ENOENT, err);
            }
        }
        Assert.Equal(2, t.Mounts.Count);
        Assert.Equal(0, t.Dcache.bug.TotalHits);
    }

    [Fact]
    public void Create_Racer_LustresBareNamesInTheRaceDirectory()
    {
        var t = Target(new StressOptions { Workload = WorkloadKind.Racer, Names = 6 });

        Assert.Equal(6, t.Names.Files.Length);
        Assert.Equal(t.Names.Files, t.Names.Leaves);
        Assert.Equal("/racer", S(t.Names.Dir));
        Assert.Equal(["0", "1", "2", "3", "4", "5"], t.Names.Names);
        Assert.Equal(["/racer/0", "/racer/1", "/racer/2", "/racer/3", "/racer/4", "/racer/5"], t.Names.Files.Select(S));
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(2, 3)]
    [InlineData(4, 1)]
    public void Create_LookupHot_FanoutToTheDepthLeafDirectories(int fanout, int depth)
    {
        var t = Target(new StressOptions { Workload = WorkloadKind.LookupHot, Fanout = fanout, Depth = depth });

        int leafDirs = (int)Math.Pow(fanout, depth);
        Assert.Equal(leafDirs, t.Names.Dirs.Length);
        Assert.Equal(leafDirs, t.Names.Dirs.Select(S).Distinct().Count());
        Assert.All(t.Names.Dirs.Select(S), d =>
        {
            Assert.StartsWith("/t/", d, StringComparison.Ordinal);
            Assert.Equal(depth + 1, d.Split('/', StringSplitOptions.RemoveEmptyEntries).Length);
        });
        Assert.Equal(leafDirs * fanout, t.Names.Leaves.Length);
        Assert.Equal(leafDirs * 2, t.Names.Files.Length); // two churn names per leaf directory
        foreach (var d in t.Names.Dirs)
        {
            Assert.Equal(0, namei.vfs_stat(t.Mounts[0].Root, d, out inode? dir, out _, out _));
            Assert.True(dir!.S_ISDIR);
        }
        foreach (var leaf in t.Names.Leaves)
        {
            Assert.Equal(0, namei.vfs_stat(t.Mounts[1].Root, leaf, out inode? f, out long lookups, out _));
            Assert.True(f!.S_ISREG);
            Assert.Equal(depth + 2, lookups); // t, d.., f: one component each, all from the dcache
        }
        foreach (var churn in t.Names.Files)
            Assert.Equal(-Errno.ENOENT, namei.vfs_stat(t.Mounts[0].Root, churn, out _, out _, out _));
    }
}
