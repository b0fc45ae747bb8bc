// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Reporting;
using DcacheStress.Service.Terminal;

namespace DcacheStress.Service.Tests;

/// <summary>The end-of-run NOTE for a patch expected clean that broke an invariant.</summary>
public sealed class CleanPatchNoteTests
{
    private static PatchFigures Figures(bool expectedClean, bool triesDExactAlias, params (string Name, long Count)[] hits) => new()
    {
        Name = "p",
        ExpectedClean = expectedClean,
        TriesDExactAlias = triesDExactAlias,
        Ops = 1000,
        ActiveSeconds = 1,
        InvariantHits = hits.GroupBy(h => h.Name).ToDictionary(g => g.Key, g => g.Sum(h => h.Count)),
        Observations = new Dictionary<string, long>(),
        SeqcountRetries = 0,
        Lookups = 0,
        FsckErrors = [],
        Fsck = "fsck: clean",
        Rounds = [],
    };

    [Fact]
    public void CleanPatchNote_NoHitOrBrokenPatch_IsNull()
    {
        Assert.Null(ConsoleReport.CleanPatchNote(Figures(expectedClean: true, triesDExactAlias: true)));
        Assert.Null(ConsoleReport.CleanPatchNote(Figures(expectedClean: false, triesDExactAlias: true, ("d_add.owner", 5))));
    }

    [Fact]
    public void CleanPatchNote_OnlyDuplicateNameWhereDExactAliasRuns_NamesTheResidualRace()
    {
        string? note = ConsoleReport.CleanPatchNote(Figures(expectedClean: true, triesDExactAlias: true, ("hash.duplicate_name", 1)));

        Assert.NotNull(note);
        Assert.Contains("residual d_exact_alias race", note, StringComparison.Ordinal);
        Assert.Contains("docs/findings.md", note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "d_add.owner")]           // another invariant: the seed race or a port bug
    [InlineData(false, "hash.duplicate_name")]  // the patch has no d_exact_alias: nothing excuses it
    public void CleanPatchNote_AnythingElse_IsThePlainAlarm(bool triesDExactAlias, string invariant)
    {
        string? note = ConsoleReport.CleanPatchNote(Figures(expectedClean: true, triesDExactAlias, ("hash.duplicate_name", 1), (invariant, 1)));

        Assert.Equal("NOTE: p is expected clean but broke an invariant: read its crash records.", note);
    }
}
