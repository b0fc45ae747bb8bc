// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;

namespace DcacheStress.Kernel.Tests.Semantics;

public sealed class FsckTests
{
    private readonly TestFs _fs = new(new DcacheOptions { DHashShift = 4 });

    private void Populate()
    {
        for (int i = 0; i < 40; i++)
            _fs.Add(_fs.Root, "n" + i, i % 2 == 0 ? _fs.NewFile() : null);
    }

    [Fact]
    public void fsck_PopulatedCache_CleanWithCounts()
    {
        Populate();

        FsckReport report = _fs.Dcache.fsck(quiescent: true);

        Assert.True(report.Clean, report.ToString());
        Assert.Equal(40, report.Hashed);
        Assert.True(report.LongestChain >= 3); // 40 entries in 16 buckets
    }

    [Fact]
    public void fsck_CorruptedPprev_ReportsError()
    {
        Populate();
        dentry victim = _fs.Dcache.dentry_hashtable.First(b => b.first?.next is not null).first!.next!.entry;
        object good = victim.d_hash.pprev!;

        victim.d_hash.pprev = victim.d_hash; // points at itself instead of the previous link

        FsckReport report = _fs.Dcache.fsck(quiescent: true);
        Assert.False(report.Clean);
        Assert.Contains(report.Errors, e => e.Contains("pprev", StringComparison.Ordinal) && e.Contains(victim.ToString(), StringComparison.Ordinal));
        victim.d_hash.pprev = good;
        Assert.True(_fs.Dcache.fsck(quiescent: true).Clean);
    }

    [Fact]
    public void fsck_DeadDentryOnChain_ReportsError()
    {
        dentry d = _fs.AddFile(_fs.Root, "dead");

        d.d_lock.spin_lock();
        d.d_lockref.lockref_mark_dead(); // killed without __d_drop
        d.d_lock.spin_unlock();

        FsckReport report = _fs.Dcache.fsck(quiescent: true);
        Assert.Contains(report.Errors, e => e.Contains("dead", StringComparison.Ordinal));
    }

    [Fact]
    public void fsck_InLookupLeft_ErrorOnlyWhenQuiescent()
    {
        dentry d = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("il"), new wait_queue_head_t());

        Assert.True(_fs.Dcache.fsck(quiescent: false).Clean);
        FsckReport quiet = _fs.Dcache.fsck(quiescent: true);
        Assert.Contains(quiet.Errors, e => e.Contains("still in-lookup", StringComparison.Ordinal));
        _fs.Dcache.d_lookup_done(d);
        _fs.Dcache.dput(d);
        Assert.True(_fs.Dcache.fsck(quiescent: true).Clean);
    }

    [Fact]
    public void fsck_OddDirSeqAfterQuiescence_ReportsError()
    {
        _fs.AddFile(_fs.Root, "child");

        _fs.Root.inode!.i_dir_seq |= 1; // as if end_dir_add never ran

        Assert.Contains(_fs.Dcache.fsck(quiescent: true).Errors, e => e.Contains("i_dir_seq", StringComparison.Ordinal));
        Assert.True(_fs.Dcache.fsck(quiescent: false).Clean);
    }

    [Fact]
    public void fsck_InLookupFlagOnHashedDentry_ReportsError()
    {
        dentry d = _fs.AddFile(_fs.Root, "h");

        d.d_flags |= DcacheFlags.DCACHE_PAR_LOOKUP;

        Assert.Contains(_fs.Dcache.fsck(quiescent: false).Errors, e => e.Contains("in-lookup but hashed", StringComparison.Ordinal));
    }
}
