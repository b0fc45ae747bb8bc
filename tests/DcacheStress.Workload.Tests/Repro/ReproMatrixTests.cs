// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Workload.Repro;
using DcacheStress.Workload.Tests.Support;

namespace DcacheStress.Workload.Tests.Repro;

/// <summary>
/// Every deterministic repro against every catalogued patch: the broken patches must hit, the fixed
/// ones must stay clean, every thread must finish and fsck must find no structural damage.
/// </summary>
public sealed class ReproMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> EveryReproTimesEveryPatch()
    {
        var data = new TheoryData<string, string>();
        foreach (ReproScenario r in ReproCatalog.All)
        {
            foreach (string p in PatchCatalog.Names)
                data.Add(r.Name, p);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryReproTimesEveryPatch))]
    public void Run_ReproAgainstPatch_OutcomeMatchesWhatThePatchShouldDo(string repro, string patch)
    {
        bool broken = !Runs.Patch(patch).ExpectedClean;

        ReproOutcome outcome = Runs.RunRepro(repro, patch, output);

        Assert.True(outcome.Completed, "threads did not finish: " + outcome.Verdict);
        Assert.True(outcome.FsckClean, "fsck found structural errors: " + outcome.Verdict);
        Assert.Equal(broken, outcome.ExpectedHit);
        Assert.True(outcome.Hit == broken, outcome.Verdict);
        Assert.Equal(outcome.Hit, outcome.Hits.Count > 0);
        Assert.True(outcome.Matches, outcome.Verdict);
        Assert.EndsWith("OK", outcome.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_HasBothSeedRacesWithUniqueNames()
    {
        var names = ReproCatalog.All.Select(r => r.Name).ToList();

        Assert.Contains("rc6-two-openers", names);
        Assert.Contains("viro-three-openers", names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ReproCatalog.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Description)));
        Assert.False(ReproCatalog.TryGet("no-such-repro", out _));
    }

    [Fact]
    public void Run_Rc6TwoOpenersOnRc6_HitsTheRehashBugOn()
    {
        ReproOutcome outcome = Runs.RunRepro("rc6-two-openers", "v4.7-rc6", output);

        Assert.True(outcome.Hits.ContainsKey("d_rehash.hashed"), outcome.Verdict);
        Assert.True(outcome.Matches, outcome.Verdict);
        Assert.Contains(outcome.Trail, l => l.Contains("INVARIANT d_rehash.hashed", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ViroThreeOpenersOnViroPatch_HitsTheSpliceAliasBugOn()
    {
        ReproOutcome outcome = Runs.RunRepro("viro-three-openers", "viro-2016-07-03", output);

        Assert.True(outcome.Hits.ContainsKey("d_splice_alias.hashed"), outcome.Verdict);
        Assert.True(outcome.Matches, outcome.Verdict);
        Assert.Contains(outcome.Trail, l => l.Contains("INVARIANT d_splice_alias.hashed", StringComparison.Ordinal));
    }
}
