// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Tests.Support;

namespace DcacheStress.Kernel.Tests.Concurrency;

/// <summary>RCU-walk and ref-walk lookups racing d_add/d_drop/d_delete/d_move writers.</summary>
public sealed class LookupRaceTests(ITestOutputHelper output)
{
    private static void AssertSound(LookupChurn churn, LookupChurn.Result r)
    {
        Assert.Empty(r.Stuck);
        Assert.True(r.Errors.Count == 0, string.Join(Environment.NewLine, r.Errors));
        Assert.Equal(0, r.Mismatches);
        Assert.Equal(0, r.RefMismatches);
        Assert.True(r.Accepted > 0, "no RCU lookup was accepted");
        Assert.True(r.Retries > 0, "no seqcount retry happened: the checker was not exercised");
        Assert.Equal(0, churn.Fs.Bug.TotalHits);
        churn.Fs.AssertFsckClean(quiescent: true);
    }

    private LookupChurn.Result RunAndLog(LookupChurn churn)
    {
        LookupChurn.Result r = churn.Run();
        output.WriteLine(r.ToString());
        return r;
    }

    [Fact]
    public void LookupsRacingMixedWriters_AcceptOnlyWhatWasAsked()
    {
        var churn = new LookupChurn(new LookupChurn.Options { Duration = TimeSpan.FromSeconds(2.5) });

        LookupChurn.Result r = RunAndLog(churn);

        AssertSound(churn, r);
        Assert.True(r.RefAccepted > 0, "no ref-walk lookup hit");
        Assert.True(r.Renames > 0 && r.CrossRenames > 0 && r.Adds > 0 && r.Drops > 0 && r.Deletes > 0, r.ToString());
    }

    [Fact]
    public void LookupsRacingNameSwappingRenames_RetriesCatchEveryRename()
    {
        var churn = new LookupChurn(new LookupChurn.Options
        {
            Dirs = 1, Names = 3, RefReaders = 0, RenamesOnly = true, Duration = TimeSpan.FromSeconds(2),
        });

        LookupChurn.Result r = RunAndLog(churn);

        AssertSound(churn, r);
        Assert.True(r.Renames > 1000, r.ToString());
    }

    [Fact(Explicit = true)]
    public void LookupsRacingMixedWriters_Long_AcceptOnlyWhatWasAsked()
    {
        var churn = new LookupChurn(new LookupChurn.Options
        {
            Dirs = 3, Names = 12, Writers = 2, RcuReaders = 2, RefReaders = 1, Duration = TimeSpan.FromSeconds(45), Seed = 99,
        });

        LookupChurn.Result r = RunAndLog(churn);

        AssertSound(churn, r);
        Assert.True(r.RefAccepted > 0);
    }

    [Fact(Explicit = true)]
    public void LookupsRacingNameSwappingRenames_Long_RetriesCatchEveryRename()
    {
        var churn = new LookupChurn(new LookupChurn.Options
        {
            Dirs = 2, Names = 3, Writers = 2, RcuReaders = 2, RefReaders = 0, RenamesOnly = true,
            Duration = TimeSpan.FromSeconds(40), Seed = 5,
        });

        AssertSound(churn, RunAndLog(churn));
    }
}
