// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Cli;
using DcacheStress.Service.Configuration;
using DcacheStress.Service.Reporting;
using DcacheStress.Service.Tests.Support;

namespace DcacheStress.Service.Tests;

/// <summary><c>--fail-on none|clean-hit|any-hit</c>: exit 3 once the reports are written (issue 16).</summary>
[Collection(StressRunCollection.Name)]
public sealed class FailOnTests
{
    private static PatchFigures Figures(string name, bool expectedClean, long hits) => new()
    {
        Name = name,
        ExpectedClean = expectedClean,
        Ops = 1000,
        ActiveSeconds = 1,
        InvariantHits = hits > 0 ? new Dictionary<string, long> { ["d_splice_alias.hashed"] = hits } : new Dictionary<string, long>(),
        Observations = new Dictionary<string, long>(),
        SeqcountRetries = 0,
        Lookups = 0,
        FsckErrors = [],
        Fsck = "fsck: clean",
        Rounds = [],
    };

    [Theory]
    [InlineData("none", false, false, false)]
    [InlineData("clean-hit", false, true, false)]
    [InlineData("any-hit", true, true, false)]
    [InlineData("crash", false, false, false)] // hits alone are no crash: the figures carry no reboot
    public void Rule_TripsOnTheRightPatches(string rule, bool brokenHitTrips, bool cleanHitTrips, bool cleanQuietTrips)
    {
        FailOnRule r = FailOnRule.Find(rule)!;

        Assert.Equal(brokenHitTrips, r.Trips(Figures("broken", expectedClean: false, hits: 3)));
        Assert.Equal(cleanHitTrips, r.Trips(Figures("clean", expectedClean: true, hits: 1)));
        Assert.Equal(cleanQuietTrips, r.Trips(Figures("quiet", expectedClean: true, hits: 0)));
    }

    [Fact]
    public void Crash_TripsOnACrashCount()
    {
        PatchFigures crashed = Figures("broken", expectedClean: false, hits: 3) with
        {
            Crash = new Workload.CrashTotals { CrashesByInvariant = new(StringComparer.Ordinal) { ["d_splice_alias.hashed"] = 1 } },
        };

        Assert.True(FailOnRule.Find("crash")!.Trips(crashed));
    }

    [Fact]
    public async Task FailOn_UnknownRule_OneLineExitTwo()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);

        int code = await cli.RunAsync("stress", "--fail-on", "crashes", "--metrics-url", "none");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("error: --fail-on: unknown rule 'crashes' (allowed: none, clean-hit, any-hit, crash)", cli.Stderr.Trim());
        Assert.False(Directory.Exists(tmp.File("reports")));
    }

    [Fact]
    public async Task FailOn_AnyHitOnTheUnfixedPatch_ExitsThreeWithTheReportWritten()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);

        int code = await cli.RunAsync("stress", "--patch", "v4.7-rc6", "--fail-on", "any-hit", "--stop-on-first-hit", "--duration", "20s",
            "--seed", "7", "--threads", "4", "--warmup", "0s", "--metrics-url", "none", "--report-dir", "run");

        Assert.True(code == ExitCodes.FailOnTripped, $"exit {code}\n{cli.Stdout}{cli.Stderr}");
        Assert.Contains("fail-on any-hit: any patch broke an invariant: v4.7-rc6 (", cli.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(tmp.File("run/report.json")));
    }

    [Fact]
    public async Task FailOn_CleanHitOnABrokenPatchOnly_ExitsZero()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);

        int code = await cli.RunAsync("stress", "--patch", "v4.7-rc6", "--fail-on", "clean-hit", "--stop-on-first-hit", "--duration", "20s",
            "--seed", "7", "--threads", "4", "--warmup", "0s", "--metrics-url", "none", "--report-dir", "run");

        Assert.True(code == ExitCodes.Ok, $"exit {code}\n{cli.Stdout}{cli.Stderr}");
        Assert.Contains("v4.7-rc6", cli.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("fail-on", cli.Stderr, StringComparison.Ordinal);
    }
}
