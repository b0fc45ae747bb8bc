// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Tests.Support;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Tests.Patches;

/// <summary>
/// The one place where revalidate-zero differs from 4.7: <c>nfs4_lookup_revalidate</c> for an open
/// (without create) of a cached negative dentry whose verifier still holds.
/// </summary>
public sealed class RevalidateTests
{
    private static (NfsWorld World, dentry Negative) CachedNegative(string patch)
    {
        var w = new NfsWorld(patch);
        Assert.Equal(-Errno.ENOENT, NfsWorld.Open(w.A, "/d/x"));
        return (w, w.Cached(w.A, "x")!);
    }

    [Theory]
    [InlineData(LOOKUP_OPEN)]
    [InlineData(LOOKUP_OPEN | LOOKUP_RCU)]
    [InlineData(LOOKUP_OPEN | LOOKUP_FOLLOW)]
    public void nfs4_lookup_revalidate_RevalidateZeroOpenOfValidNegative_Returns0(uint flags)
    {
        var (w, n) = CachedNegative("revalidate-zero");

        Assert.Equal(0, w.Patch.nfs4_lookup_revalidate(n, flags));
        w.AssertClean();
    }

    [Theory]
    [InlineData(LOOKUP_OPEN)]
    [InlineData(LOOKUP_OPEN | LOOKUP_RCU)]
    [InlineData(LOOKUP_OPEN | LOOKUP_FOLLOW)]
    public void nfs4_lookup_revalidate_V47OpenOfValidNegative_Returns1(uint flags)
    {
        var (w, n) = CachedNegative("v4.7");

        Assert.Equal(1, w.Patch.nfs4_lookup_revalidate(n, flags));
        w.AssertClean();
    }

    [Theory]
    [InlineData("revalidate-zero", LOOKUP_OPEN | LOOKUP_CREATE)]            // a create: atomic_open runs under the exclusive lock
    [InlineData("revalidate-zero", LOOKUP_OPEN | LOOKUP_CREATE | LOOKUP_EXCL)]
    [InlineData("revalidate-zero", 0u)]                                      // no open intent (stat)
    [InlineData("revalidate-zero", LOOKUP_OPEN | LOOKUP_DIRECTORY)]
    [InlineData("v4.7", LOOKUP_OPEN | LOOKUP_CREATE)]
    [InlineData("v4.7", 0u)]
    public void nfs4_lookup_revalidate_NotAPlainOpenOfValidNegative_Returns1(string patch, uint flags)
    {
        var (w, n) = CachedNegative(patch);

        Assert.Equal(1, w.Patch.nfs4_lookup_revalidate(n, flags));
        w.AssertClean();
    }

    [Fact]
    public void nfs4_lookup_revalidate_V47OpenAfterVerifierMoved_Returns0()
    {
        var (w, n) = CachedNegative("v4.7");
        w.Server.CreateFile(w.DirId, "unrelated"); // any change of /d invalidates its negative entries,
        w.AttrCacheExpires();                      // once the client looks at /d's attributes again

        Assert.Equal(0, w.Patch.nfs4_lookup_revalidate(n, LOOKUP_OPEN));
        w.AssertClean();
    }

    [Fact]
    public void nfs4_lookup_revalidate_PositiveRegularFileWithOpenIntent_Returns1ForBoth()
    {
        foreach (var patch in new[] { "v4.7", "revalidate-zero" })
        {
            var w = new NfsWorld(patch);
            Assert.Equal(0, NfsWorld.Open(w.A, "/d/p", O_CREAT | O_RDWR));
            dentry p = w.Cached(w.A, "p")!;

            Assert.Equal(1, w.Patch.nfs4_lookup_revalidate(p, LOOKUP_OPEN));
            w.AssertClean();
        }
    }

    [Fact]
    public void Patch_EveryPatchButRevalidateZero_Uses47Revalidation()
    {
        foreach (Patch patch in PatchCatalog.All.OfType<NfsPatch>())
        {
            var (w, n) = CachedNegative(patch.Name);
            int expected = patch.Name == "revalidate-zero" ? 0 : 1;

            Assert.Equal(expected, w.Patch.nfs4_lookup_revalidate(n, LOOKUP_OPEN));
            Assert.Equal(1, Nfs.nfs.nfs4_lookup_revalidate(n, LOOKUP_OPEN)); // 4.7's own answer
            w.AssertClean();
        }
    }
}
