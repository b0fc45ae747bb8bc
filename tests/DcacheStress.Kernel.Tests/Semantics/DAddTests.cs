// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;
using static DcacheStress.Kernel.Dcache;

namespace DcacheStress.Kernel.Tests.Semantics;

public sealed class DAddTests
{
    private readonly TestFs _fs = new();

    [Fact]
    public void d_add_InLookupDentry_ClearsParLookupAndBumpsDirSeqByTwo()
    {
        uint dirSeq = _fs.Root.inode!.dir_seq;
        dentry d = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("x"), new wait_queue_head_t());

        _fs.Dcache.d_add(d, null);

        Assert.False(d_in_lookup(d));
        Assert.Equal(0u, d.flags & DcacheFlags.DCACHE_PAR_LOOKUP);
        Assert.False(d_unhashed(d));
        Assert.Equal(dirSeq + 2, _fs.Root.inode!.dir_seq);
        FsckReport report = _fs.Dcache.fsck(quiescent: true);
        Assert.True(report.Clean, report.ToString());
        Assert.Equal(0, report.InLookup);
        Assert.Equal(0, _fs.Bug.TotalHits);
    }

    [Fact]
    public void d_add_NotInLookupUnderExclusiveLock_LeavesDirSeqAlone()
    {
        uint dirSeq = _fs.Root.inode!.dir_seq;

        _fs.AddFile(_fs.Root, "x");

        Assert.Equal(dirSeq, _fs.Root.inode!.dir_seq);
        Assert.Equal(0, _fs.Bug.TotalHits);
    }

    [Fact]
    public void d_add_DirectoryInode_GivesDirectoryType()
    {
        dentry d = _fs.Mkdir(_fs.Root, "dir");

        Assert.True(d_can_lookup(d));
        Assert.Equal(DcacheFlags.DCACHE_DIRECTORY_TYPE, d.flags & DcacheFlags.DCACHE_ENTRY_TYPE);
    }

    [Fact]
    public void d_add_WithoutParentLockOrOwnership_TripsOwnerCheck()
    {
        dentry d = _fs.Alloc(_fs.Root, "x");

        _fs.Dcache.d_add(d, null); // no inode_lock, not in-lookup

        Assert.Equal(1, _fs.Bug.Hits(Invariant.d_add_owner));
        Assert.False(d_unhashed(d)); // the check counts; d_add itself goes on
    }

    [Fact]
    public void d_add_InLookupDentryOwnedByAnotherThread_TripsOwnerCheck()
    {
        dentry? theirs = null;
        Assert.True(TestThreads.RunOne(() =>
            theirs = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("x"), new wait_queue_head_t()), TimeSpan.FromSeconds(5)));

        _fs.Dcache.d_add(theirs!, null);

        Assert.Equal(1, _fs.Bug.Hits(Invariant.d_add_owner));
        Assert.False(d_in_lookup(theirs!));
        _fs.AssertFsckClean();
    }
}
