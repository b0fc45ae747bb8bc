// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Tests.Support;

namespace DcacheStress.Kernel.Tests.Semantics;

public sealed class BugTests
{
    private readonly TestFs _fs = new();

    private sealed class RecordingSink : IInvariantSink
    {
        public List<(Invariant Inv, dentry? D, task_struct Task)> Hits { get; } = [];

        public void OnHit(Invariant inv, dentry? d, task_struct task) => Hits.Add((inv, d, task));
    }

    [Fact]
    public void StopOnFirstHit_TwoHits_RaisesStopOnce()
    {
        dentry d = _fs.AddFile(_fs.Root, "s");
        _fs.Bug.StopOnFirstHit = true;
        int stops = 0;
        _fs.Bug.Stop += () => stops++;

        _fs.Dcache.d_rehash(d);
        _fs.Dcache.d_rehash(d);

        Assert.Equal(1, stops);
        Assert.True(_fs.Bug.StopRequested);
        Assert.Equal(2, _fs.Bug.Hits(Invariant.d_rehash_hashed));
        _fs.AssertFsckClean(); // the safe way out was still taken
    }

    [Fact]
    public void StopOnFirstHit_Off_NeverRaisesStop()
    {
        dentry d = _fs.AddFile(_fs.Root, "s");
        int stops = 0;
        _fs.Bug.Stop += () => stops++;

        _fs.Dcache.d_rehash(d);

        Assert.Equal(0, stops);
        Assert.False(_fs.Bug.StopRequested);
        Assert.Equal(1, _fs.Bug.TotalHits);
    }

    [Fact]
    public void Enabled_False_CountsNothingButKeepsStructuresSafe()
    {
        dentry d = _fs.AddFile(_fs.Root, "s");
        var sink = new RecordingSink();
        _fs.Bug.Sink = sink;
        _fs.Bug.Enabled = false;

        _fs.Dcache.d_rehash(d);
        dentry forgot = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("f"), new DcacheStress.Kernel.Locking.wait_queue_head_t());
        _fs.Dcache.dput(forgot);

        Assert.Equal(0, _fs.Bug.TotalHits);
        Assert.Empty(_fs.Bug.HitsByName());
        Assert.Empty(sink.Hits);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void Sink_Hit_ReceivesInvariantDentryAndTaskUnderStableName()
    {
        dentry d = _fs.AddFile(_fs.Root, "s");
        var sink = new RecordingSink();
        _fs.Bug.Sink = sink;

        _fs.Dcache.d_rehash(d);

        var hit = Assert.Single(sink.Hits);
        Assert.Equal(Invariant.d_rehash_hashed, hit.Inv);
        Assert.Same(d, hit.D);
        Assert.Same(task_struct.current, hit.Task);
        Assert.Equal(new Dictionary<string, long> { ["d_rehash.hashed"] = 1 }, _fs.Bug.HitsByName());
    }

    [Fact]
    public void InvariantInfo_Names_AreUniqueAndParseBack()
    {
        var names = InvariantInfo.All.Select(InvariantInfo.Name).ToList();

        Assert.Equal(Enum.GetValues<Invariant>().Length, InvariantInfo.Count);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        foreach (var inv in InvariantInfo.All)
        {
            Assert.True(InvariantInfo.TryParse(InvariantInfo.Name(inv), out var back));
            Assert.Equal(inv, back);
        }
        Assert.Equal(Enum.GetValues<Observation>().Length, InvariantInfo.ObservationCount);
    }
}
