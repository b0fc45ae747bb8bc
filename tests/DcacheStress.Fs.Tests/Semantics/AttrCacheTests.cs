// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Nfs;
using DcacheStress.Fs.Server;
using DcacheStress.Fs.Tests.Support;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Tests.Semantics;

/// <summary>
/// D3/D4 of the fidelity audit: the attribute cache. A directory's attributes are trusted for
/// <c>attrtimeo</c> (acdirmin 30 s .. acdirmax 60 s); RCU-walk consults only the client's own state
/// (<c>nfs_revalidate_inode_rcu</c>), ref-walk sends a GETATTR only when the cache is stale or
/// invalid, the client's own changing RPCs mark it invalid (<c>update_changeattr</c>), and a
/// positive dentry is still checked on the wire for an open or LOOKUP_REVAL
/// (<c>nfs_lookup_verify_inode</c>). Times are 4.7's, on the world's manual clock.
/// </summary>
public sealed class AttrCacheTests
{
    private static long Getattrs(NfsWorld w) => w.Server.RpcsOf(NfsProc.GETATTR);

    private static nfs_inode DirI(NfsWorld w, NfsMount m) => (nfs_inode)w.Dir(m).inode!.i_private!;

    [Fact]
    public void NegativeDentry_OtherMountCreates_StaysValidUntilAcdirminRunsOut()
    {
        var w = new NfsWorld("v4.7");
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/x"));
        dentry n = w.Cached(w.A, "x")!;
        Assert.Equal(0, NfsWorld.Open(w.B, "/d/x", O_CREAT | O_RDWR));
        long rpcs = w.Server.Rpcs;

        w.Clock.Advance(TimeSpan.FromSeconds(29));
        int before = NfsWorld.Open(w.A, "/d/x");
        long rpcsBefore = w.Server.Rpcs - rpcs;
        w.Clock.Advance(TimeSpan.FromSeconds(2)); // 31 s: past acdirmin
        int after = NfsWorld.Open(w.A, "/d/x");

        Assert.Equal(-Errno.ENOENT, before); // 4.7: the cached negative answers, no RPC at all
        Assert.Equal(0, rpcsBefore);
        Assert.Equal(0, after);
        Assert.True(d_unhashed(n));
        w.AssertClean();
    }

    [Fact]
    public void RcuRevalidate_ServerChangedButCacheFresh_TrustsTheClientStateOnly()
    {
        var w = new NfsWorld("v4.7");
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/x"));
        dentry n = w.Cached(w.A, "x")!;
        w.Server.CreateFile(w.DirId, "x");
        long rpcs = w.Server.Rpcs;

        int fresh = nfs.nfs4_lookup_revalidate(n, LOOKUP_OPEN | LOOKUP_RCU);
        w.AttrCacheExpires();
        int stale = nfs.nfs4_lookup_revalidate(n, LOOKUP_OPEN | LOOKUP_RCU);

        Assert.Equal(1, fresh);                // no peek at the server's change attribute
        Assert.Equal(-Errno.ECHILD, stale);    // expired: RCU-walk cannot ask, so unlazy
        Assert.Equal(rpcs, w.Server.Rpcs);     // and neither answer cost an RPC
        w.AssertClean();
    }

    [Fact]
    public void RefWalkRevalidate_GetattrOnlyWhenStale_AndAttrtimeoDoublesUpToAcdirmax()
    {
        var w = new NfsWorld("v4.7");
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/x"));
        dentry n = w.Cached(w.A, "x")!;
        nfs_inode d = DirI(w, w.A);
        long getattrs = Getattrs(w);
        long hz = NfsClock.HZ;

        Assert.Equal(1, nfs.nfs_lookup_revalidate(n, 0));
        Assert.Equal(getattrs, Getattrs(w)); // fresh: no GETATTR
        Assert.Equal(30 * hz, d.attrtimeo);

        w.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, nfs.nfs_lookup_revalidate(n, 0));
        Assert.Equal(getattrs + 1, Getattrs(w)); // stale: one GETATTR, nothing changed
        Assert.Equal(60 * hz, d.attrtimeo);      // doubled, capped at acdirmax
        Assert.Equal(1, nfs.nfs_lookup_revalidate(n, 0));
        Assert.Equal(getattrs + 1, Getattrs(w));
        w.AssertClean();
    }

    [Fact]
    public void OwnCreate_MarksDirectoryInvalid_ButKeepsItsNegativesWhenNobodyElseChangedIt()
    {
        var w = new NfsWorld("v4.7");
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/x"));
        dentry n = w.Cached(w.A, "x")!;
        nfs_inode d = DirI(w, w.A);
        long verifier = d.cache_change_attribute;

        Assert.Equal(0, NfsWorld.Open(w.A, "/d/y", O_CREAT | O_RDWR));

        Assert.NotEqual(0, d.cache_validity & nfs_inode.NFS_INO_INVALID_ATTR); // update_changeattr
        Assert.Equal(verifier, d.cache_change_attribute); // atomic cinfo, before == i_version
        Assert.Equal(-Errno.ECHILD, nfs.nfs4_lookup_revalidate(n, LOOKUP_OPEN | LOOKUP_RCU));
        long getattrs = Getattrs(w);
        Assert.Equal(1, nfs.nfs4_lookup_revalidate(n, LOOKUP_OPEN)); // GETATTR: i_version matches
        Assert.Equal(getattrs + 1, Getattrs(w));
        Assert.Equal(0, d.cache_validity & nfs_inode.NFS_INO_INVALID_ATTR);
        w.AssertClean();
    }

    [Fact]
    public void OwnCreate_AfterOtherMountChangedTheDirectory_ForcesLookupRevalidate()
    {
        var w = new NfsWorld("v4.7");
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/x"));
        dentry n = w.Cached(w.A, "x")!;
        Assert.Equal(0, NfsWorld.Open(w.B, "/d/x", O_CREAT | O_RDWR)); // unseen by A so far

        Assert.Equal(0, NfsWorld.Open(w.A, "/d/y", O_CREAT | O_RDWR)); // cinfo.before != A's i_version

        Assert.Equal(0, nfs.nfs4_lookup_revalidate(n, LOOKUP_OPEN)); // the negative is no longer trusted
        Assert.Equal(0, NfsWorld.Open(w.A, "/d/x"));
        w.AssertClean();
    }

    [Fact]
    public void PositiveDirectory_OpenIntent_VerifiesOnTheWire_AndRcuWalkUnlazies()
    {
        var w = new NfsWorld("v4.7");
        dentry d = w.Dir(w.A);
        long getattrs = Getattrs(w);

        int rcu = nfs.nfs_lookup_revalidate(d, LOOKUP_OPEN | LOOKUP_RCU);
        int refwalk = nfs.nfs_lookup_revalidate(d, LOOKUP_OPEN);
        int stat = nfs.nfs_lookup_revalidate(d, 0);

        Assert.Equal(-Errno.ECHILD, rcu);        // nfs_lookup_verify_inode: an open(2) of a directory
        Assert.Equal(1, refwalk);                // ... costs a GETATTR (close-to-open)
        Assert.Equal(getattrs + 1, Getattrs(w));
        Assert.Equal(1, stat);                   // a plain walk trusts the cache
        Assert.Equal(getattrs + 1, Getattrs(w));
        w.AssertClean();
    }

    [Fact]
    public void PositiveFile_RemovedByOtherMount_LookupRevalFindsItStale()
    {
        var w = new NfsWorld("v4.7");
        Assert.Equal(0, NfsWorld.Open(w.A, "/d/f", O_CREAT | O_RDWR));
        dentry f = w.Cached(w.A, "f")!;
        Assert.Equal(1, nfs.nfs_lookup_revalidate(f, 0)); // GETATTR of /d (invalid since our create)
        Assert.Equal(0, namei.do_unlinkat(w.B.Root, NfsWorld.B8("/d/f")));

        int plain = nfs.nfs_lookup_revalidate(f, 0);
        int reval = nfs.nfs_lookup_revalidate(f, LOOKUP_REVAL);

        Assert.Equal(1, plain);  // parent's attributes fresh, no open: trusted
        Assert.Equal(0, reval);  // GETATTR says the handle is stale: invalid
        Assert.True(nfs.NFS_STALE(f.inode!));
        w.AssertClean();
    }
}
