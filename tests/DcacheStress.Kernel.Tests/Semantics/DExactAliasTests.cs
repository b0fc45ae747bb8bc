// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Tests.Support;
using static DcacheStress.Kernel.Dcache;

namespace DcacheStress.Kernel.Tests.Semantics;

public sealed class DExactAliasTests
{
    private readonly TestFs _fs = new();

    [Fact]
    public void d_exact_alias_UnhashedAliasWithSameName_RehashesAndReturnsIt()
    {
        inode file = _fs.NewFile();
        dentry alias = _fs.Add(_fs.Root, "e", file);
        _fs.Dcache.d_drop(alias);
        dentry entry = _fs.Alloc(_fs.Root, "e");
        int count = alias.d_count;

        dentry? r = _fs.Dcache.d_exact_alias(entry, file);

        Assert.Same(alias, r);
        Assert.False(d_unhashed(alias));
        Assert.Equal(count + 1, alias.d_count);
        Assert.Same(alias, _fs.LookupRcu(_fs.Root, "e"));
        _fs.Dcache.dput(entry);
        _fs.Dcache.dput(r);
        Assert.Equal(0, _fs.Bug.TotalHits);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_exact_alias_AliasStillHashed_ReturnsNull()
    {
        inode file = _fs.NewFile();
        dentry alias = _fs.Add(_fs.Root, "e", file);
        dentry entry = _fs.Alloc(_fs.Root, "e");

        Assert.Null(_fs.Dcache.d_exact_alias(entry, file));
        Assert.Equal(1, alias.d_count);
    }

    [Fact]
    public void d_exact_alias_AliasWithOtherName_ReturnsNullAndLeavesItUnhashed()
    {
        inode file = _fs.NewFile();
        dentry alias = _fs.Add(_fs.Root, "e1", file);
        _fs.Dcache.d_drop(alias);

        Assert.Null(_fs.Dcache.d_exact_alias(_fs.Alloc(_fs.Root, "e2"), file));
        Assert.True(d_unhashed(alias));
    }
}
