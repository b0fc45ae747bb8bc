// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Tests.Support;
using static DcacheStress.Kernel.Dcache;

namespace DcacheStress.Kernel.Tests.Semantics;

public sealed class DMoveTests
{
    private readonly TestFs _fs = new();

    [Fact]
    public void d_move_SameDirectory_OldNameMissesNewNameHitsTargetUnhashed()
    {
        dentry a = _fs.AddFile(_fs.Root, "a");
        dentry target = _fs.Alloc(_fs.Root, "b");
        uint seq = a.seq;
        uint renameSeq = _fs.Dcache.rename_lock.sequence;

        _fs.Move(a, target);

        Assert.Null(_fs.LookupRcu(_fs.Root, "a"));
        Assert.Same(a, _fs.LookupRcu(_fs.Root, "b"));
        Assert.Equal("b", a.name);
        Assert.True(d_unhashed(target));
        Assert.NotEqual(seq, a.seq);
        Assert.Equal(0u, a.seq & 1);
        Assert.Equal(renameSeq + 2, _fs.Dcache.rename_lock.sequence);
        _fs.Dcache.dput(target);
        Assert.Equal(0, _fs.Bug.TotalHits);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_move_OntoHashedTarget_MovedDentryReplacesIt()
    {
        dentry a = _fs.AddFile(_fs.Root, "a");
        dentry b = _fs.AddFile(_fs.Root, "b");

        _fs.Move(a, b);

        Assert.Same(a, _fs.LookupRcu(_fs.Root, "b"));
        Assert.Null(_fs.LookupRcu(_fs.Root, "a"));
        Assert.True(d_unhashed(b));
        _fs.Dcache.dput(b);
        Assert.True(b.d_count < 0);
        Assert.Equal(0, _fs.Bug.TotalHits);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_move_AcrossDirectories_ParentsSwapAndLookupsFollow()
    {
        dentry d1 = _fs.Mkdir(_fs.Root, "d1");
        dentry d2 = _fs.Mkdir(_fs.Root, "d2");
        dentry a = _fs.AddFile(d1, "a");
        dentry target = _fs.Alloc(d2, "z");
        int d1Count = d1.d_count, d2Count = d2.d_count;

        _fs.Move(a, target);

        Assert.Same(d2, a.parent);
        Assert.Same(d1, target.parent);
        Assert.Same(a, _fs.LookupRcu(d2, "z"));
        Assert.Null(_fs.LookupRcu(d1, "a"));
        Assert.Equal("/d2/z", a.path);
        _fs.Dcache.dput(target); // killed: drops its reference on its new parent, d1
        Assert.Equal(d1Count - 1, d1.d_count);
        Assert.Equal(d2Count, d2.d_count);
        Assert.Equal(0, _fs.Bug.TotalHits);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_move_RcuReaderSampledBefore_RetryFails()
    {
        dentry a = _fs.AddFile(_fs.Root, "a");
        dentry? found = _fs.Dcache.__d_lookup_rcu(_fs.Root, TestFs.Q("a"), out uint seq);
        Assert.Same(a, found);

        _fs.Move(a, _fs.Alloc(_fs.Root, "b"));

        Assert.True(a.d_seq.read_seqcount_retry(seq));
    }

    [Fact]
    public void d_move_AcrossDirectoriesIntoBucketSharedWithOldParent_NoFalseDuplicate()
    {
        // 16 buckets: find x such that (d1, x) and (d2, x) share a bucket. /d1/x exists; /d1/a is
        // renamed to /d2/x. The two hashed dentries then differ by parent: not a duplicate.
        var fs = new TestFs(new DcacheOptions { DHashShift = 4 });
        dentry d1 = fs.Mkdir(fs.Root, "d1");
        dentry d2 = fs.Mkdir(fs.Root, "d2");
        string x = TestFs.FindCollidingName(fs.Dcache, d1, d2, "x");
        dentry stays = fs.AddFile(d1, x);
        dentry a = fs.AddFile(d1, "a");

        fs.Move(a, fs.Alloc(d2, x));

        Assert.Equal(0, fs.Bug.Hits(Invariant.hash_duplicate_name));
        Assert.Same(a, fs.LookupRcu(d2, x));
        Assert.Same(stays, fs.LookupRcu(d1, x));
        fs.AssertFsckClean();
    }

    [Fact]
    public void d_move_AcrossDirectoriesOntoNameAlreadyHashedThere_ReportsDuplicate()
    {
        // A broken rename that moves /d1/a to /d2/x with a spare target while /d2/x stays hashed
        // creates two hashed (d2, x): the harness's root-cause check must see it.
        dentry d1 = _fs.Mkdir(_fs.Root, "d1");
        dentry d2 = _fs.Mkdir(_fs.Root, "d2");
        _fs.AddFile(d2, "x");
        dentry a = _fs.AddFile(d1, "a");

        _fs.Move(a, _fs.Alloc(d2, "x"));

        Assert.Equal(1, _fs.Bug.Hits(Invariant.hash_duplicate_name));
        var fsck = _fs.Dcache.fsck(quiescent: true);
        Assert.NotEmpty(fsck.Duplicates); // fsck lists the duplicate (parent, name) ...
        Assert.True(fsck.Clean);          // ... which is not structural damage
    }
}
