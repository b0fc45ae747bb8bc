// SPDX-License-Identifier: GPL-2.0-only
using System.Reflection;
using DcacheStress.Fs.Tests.Semantics;

namespace DcacheStress.Fs.Tests.Patches;

public sealed class PatchCatalogTests
{
    [Fact]
    public void Names_AreUniqueStableAndInCatalogueOrder()
    {
        IReadOnlyList<string> names = PatchCatalog.Names;

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(["v4.7-rc6", "viro-2016-07-03", "v4.7", "revalidate-zero", "v4.7-rc3-braino", "v4.7-no-exact-alias",
            "lustre-v4.7", "lustre-viro-2016-07-05", "lustre-99f1c01319", "lustre-release-lu8371", "lustre-trust-creates", "lustre-dcompare-inlookup"], names);
        Assert.Equal(names, PatchCatalog.All.Select(p => p.Name));
    }

    [Fact]
    public void All_EveryPatch_HasDescriptionAndSource()
    {
        foreach (Patch p in PatchCatalog.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Description), $"{p.Name}: no description");
            Assert.False(string.IsNullOrWhiteSpace(p.Source), $"{p.Name}: no source");
            Assert.DoesNotContain('\n', p.Description); // one line
            Assert.Equal(p.Name, p.ToString());
        }
    }

    [Fact]
    public void All_ExpectedClean_OnlyTheFixes()
    {
        var clean = PatchCatalog.All.Where(p => p.ExpectedClean).Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(["lustre-99f1c01319", "lustre-dcompare-inlookup", "lustre-trust-creates", "revalidate-zero", "v4.7", "v4.7-no-exact-alias"], clean);
    }

    [Fact]
    public void All_OnlyTheNoExactAliasPatch_DiscardsDExactAlias()
    {
        var without = PatchCatalog.All.OfType<NfsPatch>().Where(p => !p.nfs4_open_tries_d_exact_alias).Select(p => p.Name);

        Assert.Equal(["v4.7-no-exact-alias"], without);
    }

    [Fact]
    public void TryCreate_EveryName_ReturnsAFreshInstanceOfThatPatch()
    {
        foreach (string name in PatchCatalog.Names)
        {
            Assert.True(PatchCatalog.TryCreate(name, out Patch a));
            Assert.True(PatchCatalog.TryCreate(name, out Patch b));
            Assert.Equal(name, a.Name);
            Assert.NotSame(a, b);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("v4.8")]
    [InlineData("V4.7")] // names are case-sensitive
    [InlineData("v4.7 ")]
    public void TryCreate_UnknownName_ReturnsFalse(string name)
    {
        Assert.False(PatchCatalog.TryCreate(name, out _));
    }

    [Fact]
    public void All_ReturnsFreshInstancesOnEveryCall()
    {
        var first = PatchCatalog.All;
        var second = PatchCatalog.All;

        Assert.All(first.Zip(second), pair => Assert.NotSame(pair.First, pair.Second));
    }

    [Fact]
    public void SemanticsTests_CoverEveryCataloguedPatch()
    {
        var covered = typeof(NfsSemanticsTests).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(NfsSemanticsTests)) && !t.IsAbstract)
            .Select(t => (string)t.GetProperty("PatchName", BindingFlags.Instance | BindingFlags.NonPublic)!
                .GetValue(Activator.CreateInstance(t))!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(PatchCatalog.All.OfType<NfsPatch>().Select(p => p.Name).Order(StringComparer.Ordinal), covered);
    }

    [Fact]
    public void All_EveryPatch_NamesItsFilesystem_NfsAndLustre()
    {
        var byFs = PatchCatalog.All.GroupBy(p => p.Filesystem.name).ToDictionary(g => g.Key, g => g.Select(p => p.Name).ToList());

        Assert.Equal(["lustre", "nfs"], byFs.Keys.Order(StringComparer.Ordinal));
        Assert.All(byFs["lustre"], n => Assert.StartsWith("lustre-", n, StringComparison.Ordinal));
        Assert.All(PatchCatalog.All.OfType<NfsPatch>(), p => Assert.Same(Nfs.nfs_fs_type.Instance, p.Filesystem));
        Assert.All(PatchCatalog.All.OfType<Fs.Lustre.LustrePatch>(), p => Assert.Same(Fs.Lustre.lustre_fs_type.Instance, p.Filesystem));
        Assert.All(PatchCatalog.All, p => Assert.False(p is not NfsPatch && p.nfs4_open_tries_d_exact_alias, p.Name));
    }
}
