// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.DcacheFlags;

namespace DcacheStress.Kernel.Tests.Semantics;

/// <summary>
/// <c>DCACHE_OP_COMPARE</c> on every lookup path of 4.7: <c>__d_lookup_rcu</c> (through
/// <c>slow_dentry_cmp</c>, with its <c>d_seq</c> retry), <c>__d_lookup</c>, and both compares of
/// <c>d_alloc_parallel</c> (the in-lookup chain scan and the recheck after <c>d_wait_lookup</c>).
/// The parent's ops decide; a hidden hashed dentry is invisible to each path.
/// </summary>
public sealed class DCompareTests
{
    private readonly HidingCompareOps _ops = new();
    private readonly TestFs _fs;

    public DCompareTests() => _fs = new TestFs(s_d_op: _ops);

    [Fact]
    public void d_set_d_op_OpsWithCompare_SetsDcacheOpCompare()
    {
        Assert.NotEqual(0u, _fs.Root.d_flags & DCACHE_OP_COMPARE);
        Assert.Equal(0u, new TestFs().Root.d_flags & DCACHE_OP_COMPARE);
    }

    [Fact]
    public void __d_lookup_rcu_ParentHasCompare_AsksItAndHonoursTheAnswer()
    {
        dentry d = _fs.AddFile(_fs.Root, "a");
        int before = _ops.Calls;

        Assert.Same(d, _fs.LookupRcu(_fs.Root, "a"));
        Assert.True(_ops.Calls > before, "->d_compare was not called");

        HidingCompareOps.Hide(d);
        Assert.Null(_fs.LookupRcu(_fs.Root, "a"));
        Assert.False(d_unhashed(d));
    }

    [Fact]
    public void __d_lookup_ParentHasCompare_HiddenDentryIsNotFound()
    {
        dentry d = _fs.AddFile(_fs.Root, "b");
        Assert.Same(d, _fs.Lookup(_fs.Root, "b"));
        _fs.Dcache.dput(d);

        HidingCompareOps.Hide(d);

        Assert.Null(_fs.Lookup(_fs.Root, "b"));
    }

    [Fact]
    public void __d_lookup_rcu_RenameInProgress_SlowCompareRetriesUntilTheWriterEnds()
    {
        dentry d = _fs.AddFile(_fs.Root, "c");
        // A writer inside d_seq's write section (as __d_move holds it): raw_seqcount_begin masks the
        // odd bit, so slow_dentry_cmp's read_seqcount_retry fails and the walk goes to seqretry.
        d.d_seq.raw_write_seqcount_begin();
        int before = _ops.Calls;
        dentry? found = null;
        var reader = TestThreads.Start(1, "R", _ => found = _fs.Dcache.__d_lookup_rcu(_fs.Root, TestFs.Q("c"), out uint _));

        Thread.Sleep(50);
        Assert.Null(Volatile.Read(ref found));
        Assert.Equal(before, _ops.Calls); // never asked while the name may be torn

        d.d_seq.raw_write_seqcount_end();
        reader.JoinAndAssert(TimeSpan.FromSeconds(5));
        Assert.Same(d, found);
        Assert.Equal(before + 1, _ops.Calls);
    }

    [Fact]
    public void d_alloc_parallel_HiddenHashedDentry_GivesANewInLookupDentry()
    {
        dentry hidden = _fs.AddFile(_fs.Root, "d");
        HidingCompareOps.Hide(hidden);

        dentry d = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("d"), new wait_queue_head_t());

        Assert.NotSame(hidden, d);
        Assert.True(d_in_lookup(d));
        _fs.Dcache.d_lookup_done(d);
        _fs.Dcache.dput(d);
    }

    [Fact]
    public void d_alloc_parallel_InLookupScan_HiddenInLookupDentryIsNotWaitedFor()
    {
        var wq = new wait_queue_head_t();
        dentry mine = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("e"), wq);
        HidingCompareOps.Hide(mine); // Lustre before NeilBrown's fix: a new dentry is "invalid"

        dentry theirs = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("e"), new wait_queue_head_t());

        // The scan's ->d_compare said no, so the second caller did not sleep on mine.
        Assert.NotSame(mine, theirs);
        Assert.True(d_in_lookup(theirs));
        Assert.Equal(0, wq.waiters);
        Assert.Equal(0, _fs.Bug.Observed(Observation.d_alloc_parallel_waited));
        _fs.Dcache.d_lookup_done(theirs);
        _fs.Dcache.dput(theirs);
        _fs.Dcache.d_lookup_done(mine);
        _fs.Dcache.dput(mine);
    }

    [Fact]
    public void d_alloc_parallel_RecheckAfterWait_HiddenResultIsAMismatchAndRetries()
    {
        var wq = new wait_queue_head_t();
        dentry mine = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("f"), wq);
        dentry? theirs = null;
        var other = TestThreads.Start(1, "B", _ =>
            theirs = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("f"), new wait_queue_head_t()));
        Assert.True(TestThreads.WaitUntil(() => wq.waiters == 1, TimeSpan.FromSeconds(5)), "B never queued on d_wait");

        // The owner hashes the dentry but it is hidden by the time the waiter rechecks the name:
        // the waiter must not take it (goto mismatch), and retries into a fresh in-lookup dentry.
        HidingCompareOps.Hide(mine);
        _fs.Dcache.d_add(mine, _fs.NewFile());

        other.JoinAndAssert(TimeSpan.FromSeconds(5));
        Assert.NotNull(theirs);
        Assert.NotSame(mine, theirs);
        Assert.True(d_in_lookup(theirs!));
        Assert.Equal(1, _fs.Bug.Observed(Observation.d_alloc_parallel_waited));
        _fs.Dcache.d_lookup_done(theirs!);
        _fs.Dcache.dput(theirs!);
    }

    [Fact]
    public void d_alloc_parallel_RecheckAfterWait_VisibleResultIsReturned()
    {
        var wq = new wait_queue_head_t();
        dentry mine = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("g"), wq);
        dentry? theirs = null;
        var other = TestThreads.Start(1, "B", _ =>
            theirs = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("g"), new wait_queue_head_t()));
        Assert.True(TestThreads.WaitUntil(() => wq.waiters == 1, TimeSpan.FromSeconds(5)));

        _fs.Dcache.d_add(mine, _fs.NewFile());

        other.JoinAndAssert(TimeSpan.FromSeconds(5));
        Assert.Same(mine, theirs);
        Assert.Equal(0, _fs.Bug.TotalHits);
    }
}
