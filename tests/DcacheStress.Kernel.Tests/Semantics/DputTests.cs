// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;
using static DcacheStress.Kernel.Dcache;

namespace DcacheStress.Kernel.Tests.Semantics;

public sealed class DputTests
{
    private readonly TestFs _fs = new();

    [Fact]
    public void dput_LastReferenceOfHashed_KeepsItCachedWithCountZero()
    {
        dentry d = _fs.AddFile(_fs.Root, "c");
        long nr = _fs.Dcache.nr_dentry;

        _fs.Dcache.dput(d);

        Assert.Equal(0, d.d_count);
        Assert.False(d_unhashed(d));
        Assert.Equal(nr, _fs.Dcache.nr_dentry);
        Assert.NotEqual(0u, d.flags & DcacheFlags.DCACHE_LRU_LIST);
        Assert.Same(d, _fs.LookupRcu(_fs.Root, "c"));
        dentry? again = _fs.Lookup(_fs.Root, "c");
        Assert.Same(d, again);
        Assert.Equal(1, d.d_count);
        _fs.Dcache.dput(again);
        Assert.Equal(0, d.d_count);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void dput_LastReferenceOfUnhashed_KillsItAndDropsParentReference()
    {
        dentry p = _fs.Mkdir(_fs.Root, "p");
        int parentCount = p.d_count;
        dentry d = _fs.Alloc(p, "u");
        Assert.Equal(parentCount + 1, p.d_count);
        long nr = _fs.Dcache.nr_dentry;

        _fs.Dcache.dput(d);

        Assert.True(d.d_count < 0, $"count {d.d_count}");
        Assert.NotEqual(0u, d.flags & DcacheFlags.DCACHE_DENTRY_KILLED);
        Assert.Equal(nr - 1, _fs.Dcache.nr_dentry);
        Assert.Equal(parentCount, p.d_count);
        Assert.Equal(0, _fs.Bug.TotalHits);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void dput_LastChildOfUnhashedParent_KillsUpTheChain()
    {
        int rootCount = _fs.Root.d_count;
        dentry p = _fs.Alloc(_fs.Root, "p");
        dentry c = _fs.Alloc(p, "c");
        _fs.Dcache.dput(p); // the child's reference keeps p alive
        Assert.Equal(1, p.d_count);
        long nr = _fs.Dcache.nr_dentry;

        _fs.Dcache.dput(c);

        Assert.True(c.d_count < 0);
        Assert.True(p.d_count < 0);
        Assert.Equal(nr - 2, _fs.Dcache.nr_dentry);
        Assert.Equal(rootCount, _fs.Root.d_count);
    }

    [Fact]
    public void dput_InLookupFinalReference_TripsFinalDputAndLeavesFsckClean()
    {
        long nr = _fs.Dcache.nr_dentry;
        dentry d = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("forgot"), new wait_queue_head_t());

        _fs.Dcache.dput(d); // the owner forgot d_lookup_done

        Assert.Equal(1, _fs.Bug.Hits(Invariant.in_lookup_final_dput));
        Assert.False(d_in_lookup(d));
        Assert.True(d.d_count < 0);
        Assert.Equal(nr, _fs.Dcache.nr_dentry);
        FsckReport report = _fs.Dcache.fsck(quiescent: true);
        Assert.True(report.Clean, report.ToString());
        Assert.Equal(0, report.InLookup);
    }

    [Fact]
    public void dget_ThenDput_CountReturnsAndDentrySurvives()
    {
        dentry d = _fs.Alloc(_fs.Root, "g");

        _fs.Dcache.dget(d);
        _fs.Dcache.dput(d);

        Assert.Equal(1, d.d_count);
        Assert.False(d.d_lockref.__lockref_is_dead());
        _fs.Dcache.dput(d);
        Assert.True(d.d_count < 0);
    }
}
