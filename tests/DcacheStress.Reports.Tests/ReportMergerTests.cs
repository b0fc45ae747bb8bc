// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Compare;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Tests;

public sealed class ReportMergerTests
{
    [Fact]
    public void Merge_TwoMachines_SumsTotalsAndConcatenatesRounds()
    {
        RunReport a = SampleReports.Small();
        RunReport b = SampleReports.Realistic();

        RunReport merged = ReportMerger.Merge([new("a.json", a), new("b.json", b)]);
        PatchResult rc6 = merged.Patches.Single(p => p.Name == "v4.7-rc6");
        PatchResult rc6A = a.Patches.Single(p => p.Name == "v4.7-rc6");
        PatchResult rc6B = b.Patches.Single(p => p.Name == "v4.7-rc6");

        Assert.Equal(rc6A.Ops + rc6B.Ops, rc6.Ops);
        Assert.Equal(rc6A.ActiveSeconds + rc6B.ActiveSeconds, rc6.ActiveSeconds, 9);
        Assert.Equal(rc6A.Rounds.Count + rc6B.Rounds.Count, rc6.Rounds.Count);
        Assert.Equal(Enumerable.Range(0, rc6.Rounds.Count), rc6.Rounds.Select(r => r.Index));
        Assert.Equal(rc6A.InvariantHits["d_splice_alias.hashed"] + rc6B.InvariantHits["d_splice_alias.hashed"], rc6.InvariantHits["d_splice_alias.hashed"]);
        Assert.Equal(rc6B.InvariantHits["d_add.hashed"], rc6.InvariantHits["d_add.hashed"]);
        Assert.Equal(rc6A.SeqcountRetries + rc6B.SeqcountRetries, rc6.SeqcountRetries);
        Assert.Equal(Math.Min(rc6A.FirstHitSeconds!.Value, rc6B.FirstHitSeconds!.Value), rc6.FirstHitSeconds);
        Assert.Equal(rc6.Ops / rc6.ActiveSeconds, rc6.OpsPerSecond, 6);
    }

    [Fact]
    public void Merge_PatchOnlyInOneReport_KeptAsIs()
    {
        RunReport merged = ReportMerger.Merge([new("a.json", SampleReports.Small()), new("b.json", SampleReports.Realistic())]);

        Assert.Equal(["v4.7-rc6", "v4.7", "viro-2016-07-03", "revalidate-zero"], merged.Patches.Select(p => p.Name));
        Assert.Equal(12, merged.Patches.Single(p => p.Name == "revalidate-zero").Rounds.Count);
    }

    [Fact]
    public void Merge_FirstHitTimes_ArePooledAcrossMachines()
    {
        RunReport a = SampleReports.Small();

        RunReport merged = ReportMerger.Merge([new("a.json", a), new("b.json", a)]);
        double?[] pooled = [.. merged.Patches[0].Rounds.Select(r => r.FirstHitSeconds)];

        Assert.Equal([0.25, 0.5, 1.0, 0.25, 0.5, 1.0], pooled);
    }

    [Fact]
    public void Merge_Timelines_SumCumulativeCountsOnCommonAxis()
    {
        RunReport one = SampleReports.Realistic();

        RunReport merged = ReportMerger.Merge([new("a.json", one), new("b.json", one)]);
        TimelineSample last = merged.Timeline!.Last(s => s.Patch == "v4.7-rc6");
        TimelineSample lastOne = one.Timeline!.Last(s => s.Patch == "v4.7-rc6");

        Assert.Equal(2 * lastOne.Ops, last.Ops);
        Assert.Equal(2 * lastOne.Hits, last.Hits);
    }

    [Fact]
    public void Merge_DifferentMachines_RecordsEverySource()
    {
        RunReport a = SampleReports.Small();
        RunReport b = SampleReports.Realistic();

        RunReport merged = ReportMerger.Merge([new("a.json", a), new("b.json", b)]);

        Assert.Equal(2, merged.MergedFrom!.Count);
        Assert.Equal(b.Machine.CpuModel, merged.MergedFrom[1].Machine.CpuModel);
        Assert.Contains("2 runs on", merged.Machine.CpuModel, StringComparison.Ordinal);
        Assert.Equal(a.StartedUtc, merged.StartedUtc);
    }
}
