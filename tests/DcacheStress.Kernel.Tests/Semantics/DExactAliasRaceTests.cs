// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;
using static DcacheStress.Kernel.Dcache;

namespace DcacheStress.Kernel.Tests.Semantics;

/// <summary>
/// 4.7's residual race (docs/findings.md) at the dcache level. B's <c>d_alloc_parallel</c> has
/// missed in the hash and is held before the in-lookup bucket lock while A owns an in-lookup
/// dentry of the same name and then hashes a dentry for it. What B sees depends only on how A
/// hashes: <c>d_exact_alias</c>'s rehash of an unhashed alias leaves <c>i_dir_seq</c> alone, so B
/// makes a second dentry; <c>d_add</c> of the in-lookup dentry moves it, so B retries and finds A's.
/// </summary>
public sealed class DExactAliasRaceTests
{
    private readonly TestFs _fs = new();

    private (inode File, dentry Alias) UnhashedAlias()
    {
        inode file = _fs.NewFile();
        dentry alias = _fs.Add(_fs.Root, "z", file);
        _fs.Dcache.d_drop(alias); // still an alias of file, still referenced: a process holds it open
        return (file, alias);
    }

    private (SiteGate Gate, TestThreads B, Func<dentry?> Theirs) BMissesAndWaits(inode file)
    {
        var gate = new SiteGate(RaceSite.d_alloc_parallel_before_in_lookup_insert, "B0");
        _fs.Dcache.race.SetSchedule(gate);
        dentry? theirs = null;
        var b = TestThreads.Start(1, "B", _ =>
        {
            dentry d = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("z"), new wait_queue_head_t());
            if (d_in_lookup(d))
                _fs.Dcache.d_add(d, file); // B's own lookup found z: it hashes its dentry
            Volatile.Write(ref theirs, d);
        });
        Assert.True(gate.WaitArrived(TimeSpan.FromSeconds(5)), "B never reached the window after its hash miss");
        return (gate, b, () => Volatile.Read(ref theirs));
    }

    [Fact]
    public void d_exact_alias_RehashWhileAParallelCallerMissed_IsUnseenAndASecondDentryGetsHashed()
    {
        var (file, d1) = UnhashedAlias();
        var (gate, b, theirs) = BMissesAndWaits(file);

        dentry mine = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("z"), new wait_queue_head_t());
        Assert.True(d_in_lookup(mine));
        dentry? alias = _fs.Dcache.d_exact_alias(mine, file);
        Assert.Same(d1, alias);
        Assert.False(d_unhashed(d1));
        _fs.Dcache.d_lookup_done(mine);
        _fs.Dcache.dput(mine);
        gate.Release();
        b.JoinAndAssert(TimeSpan.FromSeconds(5));

        dentry second = theirs()!;
        Assert.NotSame(d1, second);
        Assert.False(d_unhashed(second));
        Assert.Equal(1, _fs.Bug.HitsByName().GetValueOrDefault("hash.duplicate_name"));
        Assert.Equal(1, _fs.Bug.TotalHits);
        FsckReport report = _fs.Dcache.fsck(quiescent: true);
        Assert.True(report.Clean, report.ToString());
        Assert.Single(report.Duplicates);
    }

    [Fact]
    public void d_add_OfTheInLookupDentryInstead_MovesIDirSeqAndTheParallelCallerGetsIt()
    {
        var (file, d1) = UnhashedAlias();
        var (gate, b, theirs) = BMissesAndWaits(file);

        dentry mine = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("z"), new wait_queue_head_t());
        uint before = Volatile.Read(ref _fs.Root.d_inode!.i_dir_seq);
        _fs.Dcache.d_add(mine, file);
        Assert.Equal(before + 2, Volatile.Read(ref _fs.Root.d_inode!.i_dir_seq));
        gate.Release();
        b.JoinAndAssert(TimeSpan.FromSeconds(5));

        Assert.Same(mine, theirs());
        Assert.True(d_unhashed(d1));
        Assert.Equal(0, _fs.Bug.TotalHits);
        FsckReport report = _fs.Dcache.fsck(quiescent: true);
        Assert.True(report.Clean, report.ToString());
        Assert.Empty(report.Duplicates);
    }
}
