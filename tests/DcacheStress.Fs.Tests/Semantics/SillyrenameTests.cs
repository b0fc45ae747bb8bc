// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Server;
using DcacheStress.Fs.Tests.Support;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Tests.Semantics;

/// <summary>
/// D7 of the fidelity audit: <c>nfs_unlink</c> of a dentry someone else holds (an open file) is
/// <c>nfs_sillyrename</c>: RENAME to <c>.nfs&lt;fileid&gt;&lt;counter&gt;</c> and <c>d_move</c> there; the
/// silly name goes at the final put (<c>nfs_dentry_delete</c> + <c>nfs_dentry_iput</c>).
/// </summary>
public sealed class SillyrenameTests
{
    [Fact]
    public void Unlink_OpenFile_IsSillyrenamedAndRemovedAtTheLastClose()
    {
        var w = new NfsWorld("v4.7");
        filp f = NfsWorld.OpenFile(w.A, "/d/f", O_CREAT | O_RDWR);
        dentry d = f.f_path.dentry!;
        Assert.Equal(0, w.Server.Lookup(w.DirId, "f", out ServerEntry e));

        Assert.Equal(0, namei.do_unlinkat(w.A.Root, NfsWorld.B8("/d/f")));

        Assert.False(w.OnServer("f"));
        Assert.StartsWith(".nfs", d.name, StringComparison.Ordinal);
        Assert.Equal(0, w.Server.Lookup(w.DirId, d.name, out ServerEntry silly)); // the file lives on
        Assert.Equal(e.FileId, silly.FileId);
        Assert.False(d_unhashed(d));                 // hashed under the silly name
        Assert.NotNull(d.inode);                     // still the open file's
        Assert.NotEqual(0u, d.flags & DcacheFlags.DCACHE_NFSFS_RENAMED);
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/f"));
        string sillyName = d.name;

        namei.fput(f); // last reference: nfs_dentry_delete kills it, nfs_dentry_iput removes the name

        Assert.False(w.OnServer(sillyName));
        Assert.True(d_unhashed(d));
        Assert.Null(w.Cached(w.A, sillyName));
        w.AssertClean();
    }

    [Fact]
    public void Unlink_UnusedFile_IsRemovedOutright()
    {
        var w = new NfsWorld("v4.7");
        Assert.Equal(0, NfsWorld.Open(w.A, "/d/f", O_CREAT | O_RDWR));
        dentry d = w.Cached(w.A, "f")!;
        long renames = w.Server.RpcsOf(NfsProc.RENAME);

        Assert.Equal(0, namei.do_unlinkat(w.A.Root, NfsWorld.B8("/d/f")));

        Assert.Equal(renames, w.Server.RpcsOf(NfsProc.RENAME));
        Assert.Equal("f", d.name);
        Assert.Equal(0u, d.flags & DcacheFlags.DCACHE_NFSFS_RENAMED);
        w.AssertClean();
    }
}
