// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;
using static DcacheStress.Kernel.Dcache;

namespace DcacheStress.Kernel.Tests.Semantics;

public sealed class DSpliceAliasTests
{
    private readonly TestFs _fs = new();

    [Fact]
    public void d_splice_alias_HashedDentry_TripsInvariantReturnsErrPtrAndLeavesItIntact()
    {
        inode original = _fs.NewFile();
        dentry d = _fs.Add(_fs.Root, "s", original);
        _fs.Root.inode!.inode_lock();

        dentry? r = _fs.Dcache.d_splice_alias(_fs.NewFile(), d);

        _fs.Root.inode!.inode_unlock();
        Assert.Equal(1, _fs.Bug.Hits(Invariant.d_splice_alias_hashed));
        Assert.Equal(1, _fs.Bug.TotalHits);
        Assert.True(dentry.IS_ERR(r));
        Assert.Equal(-Errno.EIO, dentry.PTR_ERR(r!));
        Assert.Same(original, d.inode);
        Assert.Equal(1, original.alias_count);
        Assert.False(d_unhashed(d));
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_splice_alias_InLookupDentryWithFile_HashesItAndReturnsNull()
    {
        inode file = _fs.NewFile();
        dentry d = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("s"), new wait_queue_head_t());

        dentry? r = _fs.Dcache.d_splice_alias(file, d);

        Assert.Null(r);
        Assert.False(d_in_lookup(d));
        Assert.False(d_unhashed(d));
        Assert.Same(file, d.inode);
        Assert.Same(d, _fs.LookupRcu(_fs.Root, "s"));
        Assert.Equal(0, _fs.Bug.TotalHits);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_splice_alias_DirectoryWithHashedAlias_MovesAliasIntoPlace()
    {
        inode dir = _fs.NewDir();
        dentry alias = _fs.Add(_fs.Root, "old", dir);
        dentry d = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("new"), new wait_queue_head_t());

        dentry? r = _fs.Dcache.d_splice_alias(dir, d);

        Assert.Same(alias, r);
        Assert.Equal("new", alias.name);
        Assert.False(d_in_lookup(d));
        Assert.True(d_unhashed(d));
        Assert.Null(_fs.LookupRcu(_fs.Root, "old"));
        Assert.Same(alias, _fs.LookupRcu(_fs.Root, "new"));
        _fs.Dcache.dput(d);
        _fs.Dcache.dput(r);
        Assert.Equal(0, _fs.Bug.TotalHits);
        _fs.AssertFsckClean();
    }
}
