// SPDX-License-Identifier: GPL-2.0-only
using System.Reflection;
using DcacheStress.Fs.Tests.Semantics;

namespace DcacheStress.Fs.Tests.Patches;

public sealed class PatchCatalogTests
{
    /// <summary>
    /// The patches reports and dashboards already know, with their labels. Their names and labels
    /// never change (metric label values, report keys); a new patch goes after them and needs no
    /// line here: tests, alerts and dashboards take it from the catalogue and its ExpectedClean.
    /// </summary>
    private static readonly (string Name, bool ExpectedClean, bool TriesDExactAlias)[] s_stable =
    [
        ("v4.7-rc6", false, true),
        ("viro-2016-07-03", false, true),
        ("v4.7", true, true),
        ("revalidate-zero", true, true),
        ("v4.7-rc3-braino", false, true),
        ("v4.7-no-exact-alias", true, false),
        ("lustre-v4.7", false, false),
        ("lustre-viro-2016-07-05", false, false),
        ("lustre-99f1c01319", true, false),
        ("lustre-release-lu8371", false, false),
        ("lustre-trust-creates", true, false),
        ("lustre-dcompare-inlookup", true, false),
    ];

    [Fact]
    public void Names_AreUniqueStableAndInCatalogueOrder()
    {
        IReadOnlyList<string> names = PatchCatalog.Names;

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(s_stable.Select(s => s.Name), names.Take(s_stable.Length));
        Assert.Equal(names, PatchCatalog.All.Select(p => p.Name));
        Assert.All(names, n => Assert.Matches("^[a-z0-9][a-z0-9.-]*$", n)); // a label value, a CLI word, a file-name part
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
    public void Stable_ExpectedClean_OnlyTheFixes()
    {
        foreach (var (name, clean, _) in s_stable)
        {
            Assert.True(PatchCatalog.TryCreate(name, out Patch p), name);
            Assert.True(p.ExpectedClean == clean, $"{name}: ExpectedClean {p.ExpectedClean}");
        }
    }

    [Fact]
    public void Stable_OnlyTheNoExactAliasPatch_DiscardsDExactAlias()
    {
        foreach (var (name, _, tries) in s_stable)
        {
            Assert.True(PatchCatalog.TryCreate(name, out Patch p), name);
            Assert.True(p.nfs4_open_tries_d_exact_alias == tries, $"{name}: nfs4_open_tries_d_exact_alias {p.nfs4_open_tries_d_exact_alias}");
        }
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
    public void SemanticsTests_RunForEveryCataloguedNfsPatch()
    {
        // NfsSemanticsTests' theory data are the catalogue itself: one row per NFS patch.
        Assert.Equal(PatchCatalog.All.OfType<NfsPatch>().Count(), NfsSemanticsTests.NfsPatches.Count);
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
