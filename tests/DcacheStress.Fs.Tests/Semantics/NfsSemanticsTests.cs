// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Nfs;
using DcacheStress.Fs.Server;
using DcacheStress.Fs.Tests.Support;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Tests.Semantics;

/// <summary>
/// NFS semantics, single-threaded, through the ported VFS (open, stat, unlink, rename, mkdir,
/// readdir) on two mounts of one server. Run once per catalogued NFS patch (the theory data come
/// from the catalogue, so a new patch is tested without touching this file): single-threaded,
/// every patch must behave like NFS and never hit an invariant (no false positives), and fsck must
/// stay clean.
/// </summary>
public sealed class NfsSemanticsTests
{
    /// <summary>Every catalogued NFS patch, by name.</summary>
    public static TheoryData<string> NfsPatches => [.. PatchCatalog.All.OfType<NfsPatch>().Select(p => p.Name)];

    /// <summary>
    /// True when the patch trusts a valid cached negative dentry for an open (4.7's
    /// nfs4_lookup_revalidate); false for a patch whose d_revalidate sends every open of a negative
    /// dentry to the server. Asked of the patch's own <c>-&gt;d_revalidate</c> on a fresh world, not
    /// looked up by name.
    /// </summary>
    private static bool TrustsCachedNegativeForOpen(string patch)
    {
        task_struct caller = task_struct.current; // the probe's world makes its own; the test's comes back
        try
        {
            var w = NewWorld(patch);
            Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/probe"));
            dentry n = w.Cached(w.A, "probe")!;
            return n.d_op!.d_revalidate(n, LOOKUP_OPEN) > 0;
        }
        finally
        {
            task_struct.set_current_task(caller);
        }
    }

    private static NfsWorld NewWorld(string patch) => new(patch);

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void Open_AbsentName_ReturnsEnoentAndLeavesHashedNegativeDentryWithVerifier(string patch)
    {
        var w = NewWorld(patch);

        int err = NfsWorld.Open(w.A, "/d/x");

        Assert.Equal(-Errno.ENOENT, err);
        dentry? n = w.Cached(w.A, "x");
        Assert.NotNull(n);
        Assert.False(d_unhashed(n));
        Assert.True(d_is_negative(n));
        Assert.Null(n.inode);
        Assert.False(d_in_lookup(n));
        Assert.Equal(w.DirVerifier(w.A), n.time);
        Assert.Equal(0, n.d_count); // cached and unused: the open dropped every reference it took
        w.AssertClean();
    }

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void Open_CachedNegativeWithValidVerifier_ReturnsEnoentFromTheDcache(string patch)
    {
        var w = NewWorld(patch);
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/x"));
        dentry n = w.Cached(w.A, "x")!;
        long rpcs = w.Server.Rpcs;

        int err = NfsWorld.Open(w.A, "/d/x");

        Assert.Equal(-Errno.ENOENT, err);
        Assert.True(w.Revalidated(n), "the second open did not revalidate the cached negative dentry");
        if (TrustsCachedNegativeForOpen(patch))
        {
            Assert.Equal(rpcs, w.Server.Rpcs); // no OPEN, no LOOKUP: the negative dentry answered
            Assert.Same(n, w.Cached(w.A, "x"));
        }
        else
        {
            Assert.True(w.Server.Rpcs > rpcs, "revalidation returned 0 but no OPEN reached the server");
            Assert.True(d_unhashed(n)); // invalidated, replaced by the dentry atomic_open owned
            Assert.NotSame(n, w.Cached(w.A, "x"));
        }
        Assert.True(d_is_negative(w.Cached(w.A, "x")!));
        w.AssertClean();
    }

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void Open_AfterOtherMountCreatesTheName_NegativeGoesStaleAndOpenSucceeds(string patch)
    {
        var w = NewWorld(patch);
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/x"));
        dentry n = w.Cached(w.A, "x")!;
        Assert.Equal(0, NfsWorld.Open(w.B, "/d/x", O_CREAT | O_RDWR)); // the other client creates it
        Assert.True(w.OnServer("x"));
        Assert.Same(n, w.Cached(w.A, "x")); // A has not noticed yet
        w.AttrCacheExpires();               // ... and will once /d's cached attributes run out

        int err = NfsWorld.Open(w.A, "/d/x");

        Assert.Equal(0, err);
        Assert.True(w.Revalidated(n), "d_revalidate was never asked about the stale negative dentry");
        Assert.True(d_unhashed(n), "the stale negative dentry passed revalidation (still hashed)");
        dentry? p = w.Cached(w.A, "x");
        Assert.NotNull(p);
        Assert.NotSame(n, p);
        Assert.NotNull(p.inode);
        Assert.True(p.inode.S_ISREG);
        Assert.Equal(0, p.d_count);
        w.AssertClean();
    }

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void Open_AfterServerCreatesTheName_NegativeGoesStaleAndOpenSucceeds(string patch)
    {
        var w = NewWorld(patch);
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/x"));
        dentry n = w.Cached(w.A, "x")!;
        w.Server.CreateFile(w.DirId, "x");
        w.AttrCacheExpires();

        filp f = NfsWorld.OpenFile(w.A, "/d/x", O_RDONLY);

        Assert.NotSame(n, f.f_path.dentry);
        Assert.True(d_unhashed(n));
        Assert.Equal(1, f.f_path.dentry!.d_count); // the open file's reference
        Assert.Equal(0, w.Server.Lookup(w.DirId, "x", out ServerEntry e));
        Assert.Equal(e.FileId, ((nfs_inode)f.f_path.dentry.inode!.i_private!).fileid);
        namei.fput(f);
        Assert.Equal(0, w.Cached(w.A, "x")!.d_count);
        w.AssertClean();
    }

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void Revalidate_NegativeAfterServerChange_FailsInBothWalkModes(string patch)
    {
        var w = NewWorld(patch);
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/x"));
        dentry n = w.Cached(w.A, "x")!;
        w.Server.CreateFile(w.DirId, "x");
        w.AttrCacheExpires();

        int rcu = w.Patch.nfs4_lookup_revalidate(n, LOOKUP_OPEN | LOOKUP_RCU);
        int refwalk = w.Patch.nfs4_lookup_revalidate(n, LOOKUP_OPEN);
        int plain = w.Patch.nfs4_lookup_revalidate(n, 0);

        Assert.True(rcu is 0 or -Errno.ECHILD, $"RCU-walk revalidation of a stale negative returned {rcu}");
        Assert.Equal(0, refwalk);
        Assert.Equal(0, plain);
        w.AssertClean();
    }

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void OpenCreat_AbsentName_CreatesOnServerAndHashesPositiveDentry(string patch)
    {
        var w = NewWorld(patch);

        filp f = NfsWorld.OpenFile(w.A, "/d/c", O_CREAT | O_RDWR);

        dentry d = f.f_path.dentry!;
        Assert.NotNull(d.inode);
        Assert.True(d.inode.S_ISREG);
        Assert.False(d_unhashed(d));
        Assert.False(d_in_lookup(d));
        Assert.Equal("/d/c", d.path);
        Assert.Equal(1, d.d_count);
        Assert.True(w.OnServer("c"));
        Assert.Same(d, w.Cached(w.A, "c"));
        namei.fput(f);
        Assert.Equal(0, d.d_count);
        Assert.Equal(0, NfsWorld.Open(w.A, "/d/c")); // and a plain open now finds it
        Assert.Equal(0, NfsWorld.Open(w.B, "/d/c")); // as does the other mount
        w.AssertClean();
    }

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void OpenCreat_OverCachedNegative_CreatesAndMakesThatNamePositive(string patch)
    {
        var w = NewWorld(patch);
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/x"));

        Assert.Equal(0, NfsWorld.Open(w.A, "/d/x", O_CREAT | O_RDWR));

        Assert.True(w.OnServer("x"));
        dentry? p = w.Cached(w.A, "x");
        Assert.NotNull(p);
        Assert.NotNull(p.inode);
        Assert.Equal(-Errno.EEXIST, NfsWorld.Open(w.A, "/d/x", O_CREAT | O_EXCL | O_RDWR));
        w.AssertClean();
    }

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void Unlink_ExistingName_RemovesItAndLaterOpenReturnsEnoent(string patch)
    {
        var w = NewWorld(patch);
        Assert.Equal(0, NfsWorld.Open(w.A, "/d/u", O_CREAT | O_RDWR));
        dentry u = w.Cached(w.A, "u")!;
        Assert.NotNull(u.inode);

        int err = namei.do_unlinkat(w.A.Root, NfsWorld.B8("/d/u"));

        Assert.Equal(0, err);
        Assert.False(w.OnServer("u"));
        Assert.True(d_unhashed(u), "the unlinked dentry is still hashed");
        Assert.True(d_is_negative(u), "the unlinked dentry still has its inode");
        Assert.Null(w.Cached(w.A, "u"));
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/u"));
        Assert.Equal(-Errno.ENOENT, namei.vfs_stat(w.A.Root, NfsWorld.B8("/d/u"), out _, out _, out _));
        Assert.Equal(-Errno.ENOENT, namei.do_unlinkat(w.A.Root, NfsWorld.B8("/d/u")));
        Assert.True(d_is_negative(w.Cached(w.A, "u")!)); // the failed open left a negative entry
        w.AssertClean();
    }

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void Rename_ExistingName_MovesTheDentryAndTheName(string patch)
    {
        var w = NewWorld(patch);
        Assert.Equal(0, NfsWorld.Open(w.A, "/d/r1", O_CREAT | O_RDWR));
        dentry r = w.Cached(w.A, "r1")!;
        inode file = r.inode!;

        int err = namei.do_renameat(w.A.Root, NfsWorld.B8("/d/r1"), NfsWorld.B8("/d/r2"));

        Assert.Equal(0, err);
        Assert.False(w.OnServer("r1"));
        Assert.True(w.OnServer("r2"));
        Assert.Equal("r2", r.name); // d_move renamed the dentry itself
        Assert.Same(r, w.Cached(w.A, "r2"));
        Assert.Same(file, r.inode);
        dentry? old = w.Cached(w.A, "r1");
        Assert.True(old is null || d_is_negative(old), $"r1 still names a positive dentry: {old}");
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/r1"));
        filp f = NfsWorld.OpenFile(w.A, "/d/r2", O_RDONLY);
        Assert.Same(r, f.f_path.dentry);
        namei.fput(f);
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.B, "/d/r1"));
        Assert.Equal(0, NfsWorld.Open(w.B, "/d/r2"));
        w.AssertClean();
    }

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void Readdir_NamesCreatedOnServer_PrimesPositiveDentries(string patch)
    {
        var w = NewWorld(patch);
        w.Server.CreateFile(w.DirId, "s1");
        w.Server.CreateFile(w.DirId, "s2");
        Assert.Null(w.Cached(w.A, "s1"));
        Assert.Null(w.Cached(w.A, "s2"));

        filp dir = NfsWorld.OpenFile(w.A, "/d", O_RDONLY | O_DIRECTORY);
        int err = namei.iterate_dir(dir, out int entries);
        namei.fput(dir);

        Assert.Equal(0, err);
        Assert.Equal(2, entries);
        foreach (var name in new[] { "s1", "s2" })
        {
            dentry? d = w.Cached(w.A, name);
            Assert.NotNull(d);
            Assert.NotNull(d.inode);
            Assert.True(d.inode.S_ISREG);
            Assert.False(d_in_lookup(d));
            Assert.Equal(0, w.Server.Lookup(w.DirId, name, out ServerEntry e));
            Assert.Equal(e.FileId, ((nfs_inode)d.inode.i_private!).fileid);
            Assert.Equal(w.DirVerifier(w.A), d.time);
        }
        Assert.Null(w.Cached(w.B, "s1")); // only the mount that listed the directory
        w.AssertClean();
    }

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void Readdir_StaleNegativeDentry_IsInvalidatedAndReplacedByPositive(string patch)
    {
        var w = NewWorld(patch);
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/z"));
        dentry n = w.Cached(w.A, "z")!;
        w.Server.CreateFile(w.DirId, "z");

        filp dir = NfsWorld.OpenFile(w.A, "/d", O_RDONLY | O_DIRECTORY);
        Assert.Equal(0, namei.iterate_dir(dir, out _));
        namei.fput(dir);

        Assert.True(d_unhashed(n));
        dentry? p = w.Cached(w.A, "z");
        Assert.NotNull(p);
        Assert.NotSame(n, p);
        Assert.NotNull(p.inode);
        w.AssertClean();
    }

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void Readdir_OnRegularFile_FailsWithEnotdir(string patch)
    {
        var w = NewWorld(patch);
        Assert.Equal(0, NfsWorld.Open(w.A, "/d/f", O_CREAT | O_RDWR));

        int err = NfsWorld.Open(w.A, "/d/f", O_RDONLY | O_DIRECTORY);

        Assert.Equal(-Errno.ENOTDIR, err);
        w.AssertClean();
    }

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void Mkdir_NewName_MakesDirectoryBothMountsCanWalk(string patch)
    {
        var w = NewWorld(patch);

        Assert.Equal(0, namei.do_mkdirat(w.A.Root, NfsWorld.B8("/d/sub"), 0x1ED));

        Assert.Equal(-Errno.EEXIST, namei.do_mkdirat(w.A.Root, NfsWorld.B8("/d/sub"), 0x1ED));
        Assert.Equal(0, NfsWorld.Open(w.B, "/d/sub/inner", O_CREAT | O_RDWR));
        Assert.Equal(0, namei.vfs_stat(w.A.Root, NfsWorld.B8("/d/sub/inner"), out inode? inner, out _, out _));
        Assert.True(inner!.S_ISREG);
        Assert.True(w.Cached(w.A, "sub")!.inode!.S_ISDIR);
        w.AssertClean();
    }

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void TwoMounts_SameName_HaveSeparateDentryTreesInOneDcache(string patch)
    {
        var w = NewWorld(patch);
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/x"));
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.B, "/d/x"));

        dentry na = w.Cached(w.A, "x")!, nb = w.Cached(w.B, "x")!;

        Assert.Same(w.A.Dcache, w.B.Dcache);
        Assert.NotSame(w.A.Root, w.B.Root);
        Assert.NotSame(w.A.sb, w.B.sb);
        Assert.NotSame(na, nb);
        Assert.NotSame(na.parent, nb.parent);
        Assert.Same(w.A.sb, na.sb);
        Assert.Same(w.B.sb, nb.sb);
        Assert.Same(w.A.Root, na.parent.parent);
        Assert.Same(w.B.Root, nb.parent.parent);
        Assert.NotSame(na.parent.inode, nb.parent.inode); // one inode per mount for the same file id

        // B creates: B's name turns positive, A's negative stays cached until A revalidates it.
        Assert.Equal(0, NfsWorld.Open(w.B, "/d/x", O_CREAT | O_RDWR));
        Assert.NotNull(w.Cached(w.B, "x")!.inode);
        Assert.Same(na, w.Cached(w.A, "x"));
        Assert.True(d_is_negative(na));
        if (TrustsCachedNegativeForOpen(patch))
            Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/x")); // A trusts /d's cached attributes
        w.AttrCacheExpires();
        Assert.Equal(0, NfsWorld.Open(w.A, "/d/x"));
        Assert.NotNull(w.Cached(w.A, "x")!.inode);
        Assert.NotSame(w.Cached(w.A, "x")!.inode, w.Cached(w.B, "x")!.inode);
        w.AssertClean();
    }

    [Theory]
    [MemberData(nameof(NfsPatches))]
    public void Stat_ExistingAndAbsentNames_ReturnInodeOrEnoent(string patch)
    {
        var w = NewWorld(patch);
        Assert.Equal(0, NfsWorld.Open(w.A, "/d/s", O_CREAT | O_RDWR));

        Assert.Equal(0, namei.vfs_stat(w.B.Root, NfsWorld.B8("/d/s"), out inode? s, out long lookups, out _));
        Assert.Equal(-Errno.ENOENT, namei.vfs_stat(w.B.Root, NfsWorld.B8("/d/absent"), out _, out _, out _));
        Assert.Equal(-Errno.ENOENT, namei.vfs_stat(w.B.Root, NfsWorld.B8("/nodir/s"), out _, out _, out _));

        Assert.True(s!.S_ISREG);
        Assert.True(lookups >= 2, $"a two-component walk counted {lookups} lookups");
        w.AssertClean();
    }
}
