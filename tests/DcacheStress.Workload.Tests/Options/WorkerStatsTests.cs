// SPDX-License-Identifier: GPL-2.0-only
using System.Reflection;

namespace DcacheStress.Workload.Tests.Options;

/// <summary>
/// The padded layout of <see cref="WorkerStats"/> (as Disruptor-net tests its padded types): every
/// counter a worker writes sits at least <see cref="WorkerStats.CacheLineLongs"/> longs (two cache
/// lines) from either end of its array, so two workers' hot words never share a line with each
/// other or with an array header.
/// </summary>
public sealed class WorkerStatsTests
{
    private static long[] Counters(WorkerStats s)
    {
        var field = Assert.Single(typeof(WorkerStats).GetFields(BindingFlags.Instance | BindingFlags.NonPublic), f => f.FieldType == typeof(long[]));
        return (long[])field.GetValue(s)!;
    }

    /// <summary>Touch every counter once.</summary>
    private static WorkerStats Touched()
    {
        var s = new WorkerStats();
        foreach (OpKind op in Enum.GetValues<OpKind>())
        {
            foreach (OpResult r in Enum.GetValues<OpResult>())
                s.Count(op, r);
        }
        s.AddWalk(5, 3);
        return s;
    }

    [Fact]
    public void Layout_EveryCounter_HasAtLeast16LongsOfPaddingBeforeAndAfter()
    {
        long[] c = Counters(Touched());
        var used = Enumerable.Range(0, c.Length).Where(i => c[i] != 0).ToList();

        Assert.Equal(16, WorkerStats.CacheLineLongs);
        Assert.Equal(OpNames.OpCount * OpNames.ResultCount + 3, used.Count); // cells + lookups + retries + total
        Assert.True(used.Min() >= WorkerStats.CacheLineLongs, $"first counter at index {used.Min()}");
        Assert.True(c.Length - 1 - used.Max() >= WorkerStats.CacheLineLongs, $"last counter at {used.Max()} of {c.Length}");
        Assert.Equal(used.Max() - used.Min() + 1, used.Count); // the counters themselves are contiguous
    }

    [Fact]
    public void Count_EachKindAndResult_LandsInItsOwnCell()
    {
        WorkerStats s = Touched();

        foreach (OpKind op in Enum.GetValues<OpKind>())
        {
            foreach (OpResult r in Enum.GetValues<OpResult>())
                Assert.Equal(1, s.Ops(op, r));
        }
        Assert.Equal(OpNames.OpCount * OpNames.ResultCount, s.TotalOps);
        Assert.Equal(5, s.Lookups);
        Assert.Equal(3, s.SeqRetries);
        Assert.Equal(OpNames.OpCount, Enum.GetValues<OpKind>().Length);
        Assert.Equal(OpNames.ResultCount, Enum.GetValues<OpResult>().Length);
    }

    [Fact]
    public void Add_OtherStats_SumsEveryCounter()
    {
        WorkerStats a = Touched(), b = Touched();
        b.Count(OpKind.Open, OpResult.Ok);

        a.Add(b);

        Assert.Equal(3, a.Ops(OpKind.Open, OpResult.Ok));
        Assert.Equal(2, a.Ops(OpKind.Stat, OpResult.Enoent));
        Assert.Equal(2 * OpNames.OpCount * OpNames.ResultCount + 1, a.TotalOps);
        Assert.Equal(10, a.Lookups);
    }
}
