// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Cli;
using DcacheStress.Service.Tests.Support;

namespace DcacheStress.Service.Tests;

/// <summary><c>--baseline PATCH</c> and <c>--all-pairs</c> (issue 16).</summary>
[Collection(StressRunCollection.Name)]
public sealed class BaselineOptionTests
{
    [Theory]
    [InlineData(new[] { "--patch", "v4.7,v4.7-rc6", "--baseline", "revalidate-zero" }, "error: --baseline: 'revalidate-zero' is not one of the patches run (allowed: v4.7, v4.7-rc6)")]
    [InlineData(new[] { "--patch", "v4.7,v4.7-rc6", "--baseline", "v4.7", "--all-pairs" }, "error: --baseline: give --baseline PATCH or --all-pairs, not both")]
    public async Task Baseline_BadInput_OneLineExitTwo(string[] args, string expected)
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);

        int code = await cli.RunAsync(["stress", .. args, "--metrics-url", "none"]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(expected, cli.Stderr.Trim());
    }

    [Fact]
    public async Task Baseline_ThreePatches_TwoVerdictsAgainstIt_HolmAdjusted()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);

        int code = await cli.RunAsync("stress", "--patch", "v4.7,v4.7-rc6,viro-2016-07-03", "--baseline", "v4.7-rc6", "--duration", "3s", "--round", "500ms",
            "--seed", "7", "--threads", "4", "--warmup", "0s", "--metrics-url", "none", "--report-dir", "run");

        Assert.True(code == 0, cli.Stdout + cli.Stderr);
        var verdicts = cli.Stdout.Split('\n').Where(l => l.StartsWith("verdict: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, verdicts.Count);
        Assert.StartsWith("verdict: v4.7 vs v4.7-rc6: ", verdicts[0], StringComparison.Ordinal);
        Assert.StartsWith("verdict: viro-2016-07-03 vs v4.7-rc6: ", verdicts[1], StringComparison.Ordinal);
        Assert.Contains("verdicts: Each patch against v4.7-rc6 (the baseline)", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"verdict_baseline\": \"v4.7-rc6\"", File.ReadAllText(tmp.File("run/report.json")), StringComparison.Ordinal);
    }
}
