// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;
using static DcacheStress.Kernel.Dcache;

namespace DcacheStress.Kernel.Tests.Semantics;

public sealed class DRehashTests
{
    private readonly TestFs _fs = new();

    [Fact]
    public void d_rehash_AlreadyHashed_TripsInvariantAndChainStaysSound()
    {
        dentry d = _fs.AddFile(_fs.Root, "r");

        _fs.Dcache.d_rehash(d);

        Assert.Equal(1, _fs.Bug.Hits(Invariant.d_rehash_hashed));
        FsckReport report = _fs.Dcache.fsck(quiescent: true);
        Assert.True(report.Clean, report.ToString());
        Assert.Equal(1, report.Hashed);
    }

    [Fact]
    public void d_rehash_InLookupDentry_TripsInLookupHashedAndStaysUnhashed()
    {
        dentry d = _fs.Dcache.d_alloc_parallel(_fs.Root, TestFs.Q("r"), new wait_queue_head_t());

        _fs.Dcache.d_rehash(d);

        Assert.Equal(1, _fs.Bug.Hits(Invariant.in_lookup_hashed));
        Assert.True(d_unhashed(d));
        _fs.Dcache.d_lookup_done(d);
        _fs.Dcache.dput(d);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_rehash_SecondDentrySameName_TripsDuplicateName()
    {
        _fs.AddFile(_fs.Root, "dup");
        dentry second = _fs.Alloc(_fs.Root, "dup");

        _fs.Dcache.d_rehash(second);

        Assert.Equal(1, _fs.Bug.Hits(Invariant.hash_duplicate_name));
        var fsck = _fs.Dcache.fsck(quiescent: true);
        Assert.NotEmpty(fsck.Duplicates); // fsck lists the duplicate (parent, name) ...
        Assert.True(fsck.Clean);          // ... which is not structural damage
    }
}
