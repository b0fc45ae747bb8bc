// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Tests.Support;

namespace DcacheStress.Kernel.Tests.Concurrency;

/// <summary>d_alloc_parallel from many threads on the same (parent, name).</summary>
public sealed class ParallelLookupTests(ITestOutputHelper output)
{
    private void AssertSound(ParallelLookupStorm storm, ParallelLookupStorm.Result r)
    {
        output.WriteLine(r.ToString());
        Assert.Empty(r.Stuck);
        r.Threads!.AssertNoErrors();
        Assert.Equal(1, r.MaxOwners); // exactly one in-lookup owner at a time, and someone owned
        Assert.Equal(0, r.WrongResults);
        Assert.True(r.Waited > 0, "no thread ever waited on an in-lookup dentry: the wake-up path was not exercised");
        Assert.True(r.HashedResults > 0 && r.InLookupWins > 0, r.ToString());
        Assert.True(storm.Fs.Bug.TotalHits == 0, string.Join(", ", storm.Fs.Bug.HitsByName()));
        storm.Fs.AssertFsckClean(quiescent: true);
    }

    [Fact]
    public void d_alloc_parallel_ManyThreadsSameNames_OneOwnerAtATimeAndAllWake()
    {
        var storm = new ParallelLookupStorm(new ParallelLookupStorm.Options
        {
            MinDuration = TimeSpan.FromSeconds(2), MaxDuration = TimeSpan.FromSeconds(2),
        });

        AssertSound(storm, storm.Run());
    }

    [Fact]
    public void d_alloc_parallel_OneName_OneOwnerAtATimeAndAllWake()
    {
        var storm = new ParallelLookupStorm(new ParallelLookupStorm.Options
        {
            Threads = 4, Names = 1, MinDuration = TimeSpan.FromSeconds(1.5), MaxDuration = TimeSpan.FromSeconds(1.5), Seed = 3,
        });

        AssertSound(storm, storm.Run());
    }

    [Fact(Explicit = true)]
    public void d_alloc_parallel_ManyThreadsSameNames_Long_OneOwnerAtATimeAndAllWake()
    {
        var storm = new ParallelLookupStorm(new ParallelLookupStorm.Options
        {
            Threads = 8, Names = 3, MinDuration = TimeSpan.FromSeconds(45), MaxDuration = TimeSpan.FromSeconds(45), Seed = 11,
        });

        AssertSound(storm, storm.Run());
    }
}
