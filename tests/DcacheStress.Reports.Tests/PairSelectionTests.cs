// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using DcacheStress.Reports.Model;
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports.Tests;

/// <summary>Verdicts against a baseline, all pairs on request, Holm-adjusted p-values (issue 16).</summary>
public sealed class PairSelectionTests
{
    private static readonly string[] s_names = ["v4.7-rc6", "viro-2016-07-03", "v4.7", "revalidate-zero"];

    /// <summary>The realistic four-patch report with the service's option fields set.</summary>
    private static RunReport WithOptions(RunReport r, Dictionary<string, object?> other) => new()
    {
        Version = r.Version,
        StartedUtc = r.StartedUtc,
        EndedUtc = r.EndedUtc,
        Machine = r.Machine,
        Seed = r.Seed,
        Workload = r.Workload,
        Patches = r.Patches,
        Options = new RunOptions
        {
            Workload = r.Options.Workload,
            Patches = r.Options.Patches,
            Other = other.ToDictionary(kv => kv.Key, kv => JsonSerializer.SerializeToElement(kv.Value)),
        },
    };

    private static Dictionary<string, object?> Clean(params string[] clean) => new()
    {
        [PairSelection.ExpectedCleanKey] = s_names.ToDictionary(n => n, n => clean.Contains(n)),
    };

    [Fact]
    public void Holm_KnownValues()
    {
        // p sorted 0.01, 0.02, 0.04 (m = 3): 0.03, max(0.03, 0.04), max(0.04, 0.04); NaN untouched.
        double[] adjusted = HolmAdjustment.Adjust([0.04, 0.01, double.NaN, 0.02]);

        Assert.Equal(0.04, adjusted[0], 12);
        Assert.Equal(0.03, adjusted[1], 12);
        Assert.True(double.IsNaN(adjusted[2]));
        Assert.Equal(0.04, adjusted[3], 12);
        Assert.Equal(1.0, HolmAdjustment.Adjust([0.6, 0.7])[1]);  // capped at 1
    }

    [Fact]
    public void Default_EveryPatchAgainstTheFirstExpectedCleanPatch_HolmAdjusted()
    {
        RunReport report = WithOptions(SampleReports.Realistic(), Clean("v4.7", "revalidate-zero"));

        ReportAnalysis a = ReportAnalyzer.Analyze(report);

        Assert.Equal("v4.7", a.Baseline);
        Assert.Equal(["v4.7-rc6 vs v4.7", "viro-2016-07-03 vs v4.7", "revalidate-zero vs v4.7"], a.Pairs.Select(p => $"{p.A} vs {p.B}"));
        PairComparison rc6 = a.Pairs[0];
        Assert.NotNull(rc6.AdjustedPValue);
        Assert.True(rc6.AdjustedPValue >= rc6.Hits!.PValue);
        Assert.Contains(", Holm p ", rc6.Verdict, StringComparison.Ordinal);
        Assert.Contains("against v4.7 (the baseline)", a.PairsText, StringComparison.Ordinal);
    }

    [Fact]
    public void StoredChoice_BaselineOrAllPairs_IsFollowed()
    {
        var baseline = Clean("v4.7");
        baseline[PairSelection.BaselineKey] = "revalidate-zero";
        var all = Clean("v4.7");
        all[PairSelection.AllPairsKey] = true;

        ReportAnalysis b = ReportAnalyzer.Analyze(WithOptions(SampleReports.Realistic(), baseline));
        ReportAnalysis p = ReportAnalyzer.Analyze(WithOptions(SampleReports.Realistic(), all));

        Assert.Equal("revalidate-zero", b.Baseline);
        Assert.All(b.Pairs, x => Assert.Equal("revalidate-zero", x.B));
        Assert.Null(p.Baseline);
        Assert.Equal(6, p.Pairs.Count);
    }

    [Fact]
    public void NoExpectedCleanInfo_EveryPair()
    {
        ReportAnalysis a = ReportAnalyzer.Analyze(WithOptions(SampleReports.Realistic(), []));

        Assert.Null(a.Baseline);
        Assert.Equal(6, a.Pairs.Count);
        Assert.Contains("Every pair of patches", a.PairsText, StringComparison.Ordinal);
    }
}
