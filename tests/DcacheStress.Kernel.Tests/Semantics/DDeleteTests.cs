// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Tests.Support;
using static DcacheStress.Kernel.Dcache;

namespace DcacheStress.Kernel.Tests.Semantics;

public sealed class DDeleteTests
{
    private readonly TestFs _fs = new();

    [Fact]
    public void d_delete_OnlyReference_TurnsNegativeInPlace()
    {
        inode file = _fs.NewFile();
        dentry d = _fs.Add(_fs.Root, "f", file);
        uint seq = d.seq;

        _fs.Dcache.d_delete(d);

        Assert.False(d_unhashed(d));
        Assert.True(d_is_negative(d));
        Assert.Null(d.inode);
        Assert.Equal(0, file.alias_count);
        Assert.Equal(seq + 2, d.seq); // one d_seq write section
        Assert.Same(d, _fs.LookupRcu(_fs.Root, "f"));
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_delete_TwoReferences_UnhashesAndStaysPositive()
    {
        inode file = _fs.NewFile();
        dentry d = _fs.Add(_fs.Root, "f", file);
        _fs.Dcache.dget(d);

        _fs.Dcache.d_delete(d);

        Assert.True(d_unhashed(d));
        Assert.Same(file, d.inode);
        Assert.Null(_fs.Lookup(_fs.Root, "f"));
        _fs.Dcache.dput(d);
        _fs.Dcache.dput(d); // last one: unhashed, so killed
        Assert.True(d.d_count < 0);
        Assert.Equal(0, file.alias_count);
        Assert.Equal(0, _fs.Bug.TotalHits);
        _fs.AssertFsckClean();
    }
}
