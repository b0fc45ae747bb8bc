// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;
using static DcacheStress.Kernel.Dcache;

namespace DcacheStress.Kernel.Tests.Semantics;

public sealed class DAllocParallelTests
{
    private readonly TestFs _fs = new();

    [Fact]
    public void d_alloc_parallel_NoMatch_ReturnsInLookupDentryOnInLookupChain()
    {
        long nr = _fs.Dcache.nr_dentry;

        dentry d = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("p"), new wait_queue_head_t());

        Assert.True(d_in_lookup(d));
        Assert.True(d_unhashed(d));
        Assert.Equal(1, d.d_count);
        Assert.Same(_fs.Root, d.parent);
        Assert.Equal(nr + 1, _fs.Dcache.nr_dentry);
        Assert.Null(_fs.Lookup(_fs.Root, "p"));
        FsckReport report = _fs.Dcache.fsck(quiescent: false);
        Assert.True(report.Clean, report.ToString());
        Assert.Equal(1, report.InLookup);

        _fs.Dcache.d_lookup_done(d);
        _fs.Dcache.dput(d);

        Assert.False(d_in_lookup(d));
        Assert.Equal(nr, _fs.Dcache.nr_dentry);
        Assert.Equal(0, _fs.Bug.TotalHits);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_alloc_parallel_HashedMatch_ReturnsItWithReferenceAndFreesTheSpare()
    {
        dentry h = _fs.AddFile(_fs.Root, "h");
        long nr = _fs.Dcache.nr_dentry;

        dentry d = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("h"), new wait_queue_head_t());

        Assert.Same(h, d);
        Assert.False(d_in_lookup(d));
        Assert.Equal(2, h.d_count);
        Assert.Equal(nr, _fs.Dcache.nr_dentry);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_alloc_parallel_OtherThreadWhileInLookup_WaitsUntilDAddThenGetsHashedDentry()
    {
        var wq = new wait_queue_head_t();
        dentry mine = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("w"), wq);
        dentry? theirs = null;
        var other = TestThreads.Start(1, "B", _ =>
            theirs = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("w"), new wait_queue_head_t()));

        Assert.True(TestThreads.WaitUntil(() => wq.waiters == 1, TimeSpan.FromSeconds(5)), "B never queued on d_wait");
        Thread.Sleep(20);
        Assert.Null(Volatile.Read(ref theirs)); // still asleep while we are in-lookup

        _fs.Dcache.d_add(mine, _fs.NewFile());

        other.JoinAndAssert(TimeSpan.FromSeconds(5));
        Assert.Same(mine, theirs);
        Assert.False(d_unhashed(mine));
        Assert.Equal(2, mine.d_count);
        Assert.Equal(1, _fs.Bug.Observed(Observation.d_alloc_parallel_waited));
        Assert.Equal(0, _fs.Bug.TotalHits);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_alloc_parallel_OtherThreadWhileInLookup_AfterLookupDoneWithoutAdd_BecomesNewOwner()
    {
        var wq = new wait_queue_head_t();
        dentry mine = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("f"), wq);
        dentry? theirs = null;
        bool theirsWasInLookup = false;
        using var release = new ManualResetEventSlim();
        var other = TestThreads.Start(1, "B", _ =>
        {
            dentry d = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("f"), new wait_queue_head_t());
            theirs = d;
            theirsWasInLookup = d_in_lookup(d);
            release.Wait();
            _fs.Dcache.d_lookup_done(d);
            _fs.Dcache.dput(d);
        });
        Assert.True(TestThreads.WaitUntil(() => wq.waiters == 1, TimeSpan.FromSeconds(5)));

        _fs.Dcache.d_lookup_done(mine); // ->lookup failed: leave in-lookup without hashing
        _fs.Dcache.dput(mine);

        Assert.True(TestThreads.WaitUntil(() => Volatile.Read(ref theirs) is not null, TimeSpan.FromSeconds(5)));
        Assert.NotSame(mine, theirs);
        Assert.True(theirsWasInLookup);
        Assert.True(mine.d_count < 0, "the abandoned in-lookup dentry was not killed");
        release.Set();
        other.JoinAndAssert(TimeSpan.FromSeconds(5));
        Assert.Equal(0, _fs.Bug.TotalHits);
        _fs.AssertFsckClean();
    }
}
