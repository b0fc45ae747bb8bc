// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Nfs;
using DcacheStress.Fs.Server;
using DcacheStress.Fs.Tests.Support;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Tests.Semantics;

/// <summary>
/// D8 of the fidelity audit: <c>nfs_readdir</c> answers from the directory's page cache while it is
/// valid; only a refill (READDIRPLUS, <c>nfs_readdir_page_filler</c>) primes the dcache.
/// </summary>
public sealed class ReaddirCacheTests
{
    private static int Ls(NfsWorld w, NfsMount m)
    {
        filp dir = NfsWorld.OpenFile(m, "/d", O_RDONLY | O_DIRECTORY);
        Assert.Equal(0, namei.iterate_dir(dir, out int entries));
        namei.fput(dir);
        return entries;
    }

    [Fact]
    public void Readdir_PagesValid_AnsweredFromThePageCacheWithoutRpc_OtherClientsChangeSeenAtOpendir()
    {
        var w = new NfsWorld("v4.7");
        w.Server.CreateFile(w.DirId, "a");
        Assert.Equal(1, Ls(w, w.A)); // fills the pages, primes "a"
        long readdirs = w.Server.RpcsOf(NfsProc.READDIR);

        int again = Ls(w, w.A);
        long readdirsAgain = w.Server.RpcsOf(NfsProc.READDIR) - readdirs;
        w.Server.CreateFile(w.DirId, "z"); // another client
        int afterChange = Ls(w, w.A);       // opendir's close-to-open GETATTR sees the change

        Assert.Equal(1, again);
        Assert.Equal(0, readdirsAgain);     // no READDIR, so no priming
        Assert.Equal(2, afterChange);
        Assert.Equal(readdirs + 1, w.Server.RpcsOf(NfsProc.READDIR));
        Assert.NotNull(w.Cached(w.A, "z")!.inode); // primed by the refill
        w.AssertClean();
    }

    [Fact]
    public void Readdir_AfterOwnCreate_RefillsAndPrimes()
    {
        var w = new NfsWorld("v4.7");
        Assert.Equal(0, Ls(w, w.A));
        Assert.Equal(0, NfsWorld.Open(w.A, "/d/c", O_CREAT | O_RDWR)); // update_changeattr: INVALID_DATA
        w.Server.CreateFile(w.DirId, "s");
        long readdirs = w.Server.RpcsOf(NfsProc.READDIR);

        int entries = Ls(w, w.A);

        Assert.Equal(2, entries);
        Assert.Equal(readdirs + 1, w.Server.RpcsOf(NfsProc.READDIR));
        Assert.NotNull(w.Cached(w.A, "s")!.inode); // primed by the refill
        w.AssertClean();
    }
}
