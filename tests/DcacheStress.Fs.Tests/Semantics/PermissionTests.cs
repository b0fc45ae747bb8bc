// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Nfs;
using DcacheStress.Fs.Server;
using DcacheStress.Fs.Tests.Support;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Tests.Semantics;

/// <summary>
/// D6 of the fidelity audit: <c>link_path_walk</c> → <c>may_lookup</c> → <c>inode_permission</c> →
/// <c>nfs_permission</c>. A directory's search right comes from its access cache; in RCU-walk a
/// miss is -ECHILD (unlazy_walk, then the ACCESS RPC in ref-walk), as 4.7 does.
/// </summary>
public sealed class PermissionTests
{
    [Fact]
    public void nfs_permission_RcuMissIsEchild_RefWalkAsksOnceThenTheCacheAnswers()
    {
        var w = new NfsWorld("v4.7");
        inode d = w.Dir(w.A).inode!;
        long access = w.Server.RpcsOf(NfsProc.ACCESS);

        int rcuMiss = nfs.nfs_permission(d, MAY_EXEC | MAY_NOT_BLOCK);
        int refwalk = nfs.nfs_permission(d, MAY_EXEC);
        int rcuHit = nfs.nfs_permission(d, MAY_EXEC | MAY_NOT_BLOCK);

        Assert.Equal(-Errno.ECHILD, rcuMiss);
        Assert.Equal(0, refwalk);
        Assert.Equal(0, rcuHit);
        Assert.Equal(access + 1, w.Server.RpcsOf(NfsProc.ACCESS));
        w.AttrCacheExpires(); // the entry is trusted for attrtimeo only
        Assert.Equal(-Errno.ECHILD, nfs.nfs_permission(d, MAY_EXEC | MAY_NOT_BLOCK));
        w.AssertClean();
    }

    [Fact]
    public void PathWalk_FirstWalkThroughADirectory_CostsOneAccessRpcAndLeavesRcuWalk()
    {
        var w = new NfsWorld("v4.7");
        Assert.Equal(0, namei.do_mkdirat(w.A.Root, NfsWorld.B8("/d/sub"), 0x1ED));
        Assert.Equal(0, namei.vfs_stat(w.A.Root, NfsWorld.B8("/d/sub"), out _, out _, out _));
        long access = w.Server.RpcsOf(NfsProc.ACCESS);

        Assert.Equal(-Errno.ENOENT, namei.vfs_stat(w.A.Root, NfsWorld.B8("/d/sub/x"), out _, out _, out _));
        long first = w.Server.RpcsOf(NfsProc.ACCESS) - access;
        Assert.Equal(-Errno.ENOENT, namei.vfs_stat(w.A.Root, NfsWorld.B8("/d/sub/x"), out _, out _, out _));
        long second = w.Server.RpcsOf(NfsProc.ACCESS) - access - first;

        Assert.Equal(1, first);  // may_lookup on /d/sub: -ECHILD in RCU-walk, ACCESS in ref-walk
        Assert.Equal(0, second); // cached
        w.AssertClean();
    }
}
