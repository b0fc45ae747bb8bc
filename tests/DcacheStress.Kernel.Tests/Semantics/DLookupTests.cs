// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Tests.Support;
using static DcacheStress.Kernel.Dcache;

namespace DcacheStress.Kernel.Tests.Semantics;

public sealed class DLookupTests
{
    private readonly TestFs _fs = new();

    [Fact]
    public void d_lookup_HashedName_ReturnsItWithAReference()
    {
        dentry d = _fs.AddFile(_fs.Root, "a");
        int before = d.d_count;

        dentry? found = _fs.Lookup(_fs.Root, "a");

        Assert.Same(d, found);
        Assert.Equal(before + 1, d.d_count);
        _fs.Dcache.dput(found);
        Assert.Equal(before, d.d_count);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_lookup_AbsentNameOrOtherParent_Misses()
    {
        dentry dir = _fs.Mkdir(_fs.Root, "dir");
        _fs.AddFile(_fs.Root, "a");

        Assert.Null(_fs.Lookup(_fs.Root, "b"));
        Assert.Null(_fs.Lookup(dir, "a"));
        Assert.Null(_fs.LookupRcu(dir, "a"));
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_add_NullInode_NegativeDentryFoundByBothLookups()
    {
        dentry d = _fs.Add(_fs.Root, "neg", null);

        dentry? byRef = _fs.Lookup(_fs.Root, "neg");
        dentry? byRcu = _fs.LookupRcu(_fs.Root, "neg");

        Assert.Same(d, byRef);
        Assert.Same(d, byRcu);
        Assert.True(d_is_negative(d));
        Assert.Null(d.inode);
        Assert.False(d_unhashed(d));
        _fs.Dcache.dput(byRef);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_add_Inode_PositiveDentryHasTypeAndAlias()
    {
        inode file = _fs.NewFile();
        dentry d = _fs.Add(_fs.Root, "f", file);

        Assert.Same(file, d.inode);
        Assert.False(d_is_negative(d));
        Assert.Equal(DcacheFlags.DCACHE_REGULAR_TYPE, d.flags & DcacheFlags.DCACHE_ENTRY_TYPE);
        Assert.Equal(1, file.alias_count);
        Assert.Same(d, _fs.LookupRcu(_fs.Root, "f"));
    }

    [Fact]
    public void d_drop_ThenRehash_MissesThenHitsAgain()
    {
        dentry d = _fs.AddFile(_fs.Root, "x");
        uint seqBefore = d.seq;

        _fs.Dcache.d_drop(d);

        Assert.True(d_unhashed(d));
        Assert.Null(_fs.Lookup(_fs.Root, "x"));
        Assert.Null(_fs.LookupRcu(_fs.Root, "x"));
        Assert.Equal(seqBefore + 2, d.seq); // dentry_rcuwalk_invalidate
        _fs.AssertFsckClean();

        _fs.Dcache.d_rehash(d);

        Assert.Same(d, _fs.LookupRcu(_fs.Root, "x"));
        dentry? again = _fs.Lookup(_fs.Root, "x");
        Assert.Same(d, again);
        _fs.Dcache.dput(again);
        Assert.Equal(0, _fs.Bug.TotalHits);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void __d_lookup_rcu_SampleThenDrop_RetryFails()
    {
        dentry d = _fs.AddFile(_fs.Root, "r");
        dentry? found = _fs.Dcache.__d_lookup_rcu(_fs.Root, TestFs.Q("r"), out uint seq);
        Assert.Same(d, found);
        Assert.False(d.d_seq.read_seqcount_retry(seq));

        _fs.Dcache.d_drop(d);

        Assert.True(d.d_seq.read_seqcount_retry(seq));
    }

    [Fact]
    public void __d_lookup_rcu_ManyNamesInFewBuckets_FindsEachOnItsChain()
    {
        var fs = new TestFs(new DcacheOptions { DHashShift = 4 }); // 16 buckets: long chains
        var made = new Dictionary<string, dentry>();
        for (int i = 0; i < 200; i++)
            made["n" + i] = fs.Add(fs.Root, "n" + i, i % 3 == 0 ? null : fs.NewFile());

        foreach (var (name, d) in made)
            Assert.Same(d, fs.LookupRcu(fs.Root, name));
        Assert.Null(fs.LookupRcu(fs.Root, "n200"));
        FsckReport report = fs.Dcache.fsck(quiescent: true);
        Assert.True(report.Clean, report.ToString());
        Assert.Equal(200, report.Hashed);
        Assert.True(report.LongestChain > 1);
    }
}
