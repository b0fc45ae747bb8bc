// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Tests.Support;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Tests.Patches;

/// <summary>
/// D1 of the fidelity audit: v4.7-rc6 and Viro's 2016-07-03 patch <c>d_drop</c> the dentry before
/// <c>switch (err)</c> for every OPEN error (blob-hash evidence: the rc6 file is the seed diff's
/// pre-image <c>d8015a03</c>, the patched file its post-image <c>5474e396</c>). With rc3's placement
/// (d_drop only for -ENOENT) an -EISDIR sends a still-hashed negative dentry to <c>no_open</c> →
/// <c>nfs_lookup</c> → <c>d_splice_alias</c>, whose <c>BUG_ON(!d_unhashed)</c> then fires with one
/// thread.
/// </summary>
public sealed class AtomicOpenErrorPathTests
{
    /// <summary>
    /// ->atomic_open as lookup_open calls it for an open without O_CREAT: parent locked shared, the
    /// caller holding one reference on <paramref name="dentry"/>. Returns the error and drops what
    /// the VFS would drop (atomic_open's "use theirs, dput ours").
    /// </summary>
    private static int AtomicOpen(NfsWorld w, dentry dentry)
    {
        inode dir = dentry.parent.inode!;
        var file = new filp { f_flags = O_RDONLY };
        file.f_path.dentry = filp.DENTRY_NOT_SET;
        int opened = 0;
        w.Dcache.dget(dentry);
        dir.inode_lock_shared();
        int err = w.Patch.nfs_atomic_open(dir, dentry, file, O_RDONLY, 0, ref opened);
        w.Dcache.d_lookup_done(dentry);
        dir.inode_unlock_shared();
        if (err > 0 && file.f_path.dentry is { } theirs && !ReferenceEquals(theirs, filp.DENTRY_NOT_SET))
            w.Dcache.dput(theirs);
        w.Dcache.dput(dentry);
        return err;
    }

    private static void AssertNoKernelBug(NfsWorld w)
    {
        foreach (Invariant inv in InvariantInfo.All)
        {
            if (InvariantInfo.Kind(inv) == InvariantKind.KernelBug)
                Assert.True(w.Dcache.bug.Hits(inv) == 0, $"{w.Patch.Name}: {InvariantInfo.Name(inv)} hit single-threaded");
        }
    }

    [Fact]
    public void Rc6_ServerTurnedCachedNegativeIntoDirectory_EisdirDropsBeforeLookupAndNoBug()
    {
        var w = new NfsWorld("v4.7-rc6");
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/z"));
        dentry n = w.Cached(w.A, "z")!;
        Assert.False(d_unhashed(n));
        Assert.Equal(0, w.Server.Mkdir(w.DirId, "z", out _)); // another client: z is a directory now

        int err = AtomicOpen(w, n); // the shared hashed negative, still valid for this client

        Assert.Equal(1, err); // -EISDIR → no_open → nfs_lookup → finish_no_open
        Assert.Equal(0, w.Dcache.bug.Hits(Invariant.d_splice_alias_hashed));
        AssertNoKernelBug(w);
        Assert.True(w.Cached(w.A, "z")!.inode!.S_ISDIR);
    }

    [Fact]
    public void Viro_UnhashedSharedNegativeRehashedBeforeEisdir_DropsBeforeLookupAndNoBug()
    {
        var w = new NfsWorld("viro-2016-07-03");
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/z"));
        dentry n = w.Cached(w.A, "z")!;
        w.Dcache.d_drop(n); // a parallel opener's d_drop: the patch will not switch
        // Before our OPEN: that opener's -ENOENT d_add rehashes the dentry, and z becomes a directory.
        w.Dcache.race.SetSchedule(new OnceAt(RaceSite.nfs_atomic_open_before_open_rpc, () =>
        {
            w.Dcache.d_rehash(n);
            Assert.Equal(0, w.Server.Mkdir(w.DirId, "z", out _));
        }));

        int err = AtomicOpen(w, n);
        w.Dcache.race.SetSchedule(null);

        Assert.Equal(1, err);
        Assert.Equal(0, w.Dcache.bug.Hits(Invariant.d_splice_alias_hashed));
        AssertNoKernelBug(w);
    }
}
