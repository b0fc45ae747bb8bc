// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Service.Cli;
using DcacheStress.Service.Tests.Support;
using DcacheStress.Workload.Repro;

namespace DcacheStress.Service.Tests;

/// <summary><c>repro</c>: list, run against patches, exit codes.</summary>
[Collection(StressRunCollection.Name)]
public sealed class ReproCliTests
{
    [Fact]
    public async Task List_EveryRepro_NamedWithDescription()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        Assert.Equal(0, await cli.RunAsync("repro", "--list"));
        foreach (ReproScenario r in ReproCatalog.All)
            Assert.Contains(r.Name, cli.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EachReproAgainstBrokenAndFixedPatch_ExitsZeroWithVerdictPerPatch()
    {
        using var tmp = new TempDirectory();
        foreach (ReproScenario r in ReproCatalog.All)
        {
            var cli = new TestCli(tmp.Path);
            // a broken and a fixed patch of each filesystem; a repro runs against its own filesystem's
            int code = await cli.RunAsync("repro", r.Name, "--patch", "v4.7-rc6,v4.7,lustre-v4.7,lustre-99f1c01319");
            Assert.True(code == 0, cli.Stdout + cli.Stderr);
            string[] verdicts = [.. cli.Stdout.Split('\n').Where(l => l.StartsWith(r.Name + " vs ", StringComparison.Ordinal))];
            Assert.Equal(2, verdicts.Length);
            Assert.All(verdicts, v => Assert.EndsWith("OK", v, StringComparison.Ordinal));
            string fixedPatch = r.Filesystem.name == "nfs" ? "v4.7" : "lustre-99f1c01319";
            Assert.Contains($"== {r.Name} vs {fixedPatch}", cli.Stdout, StringComparison.Ordinal); // the trail
        }
    }

    [Fact]
    public async Task Run_LustreReproWithOnlyNfsPatches_IsBadInputNamingTheFilesystem()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        int code = await cli.RunAsync("repro", "lustre-two-openers", "--patch", "v4.7");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("lustre", cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OutcomeNotAsExpected_ExitsOne()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        int code = ReproCommand.Run(["expects-a-hit", "--patch", "v4.7"], cli.Context, [new NothingHappensRepro()]);
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("MISMATCH", cli.Stdout, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("no-such-repro")]
    [InlineData("rc6-two-openers --patch v9")]
    [InlineData("--frobnicate")]
    public async Task Run_BadInput_ExitsTwo(string args)
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        Assert.Equal(ExitCodes.BadInput, await cli.RunAsync(["repro", .. args.Split(' ')]));
        Assert.StartsWith("error: ", cli.Stderr, StringComparison.Ordinal);
    }

    /// <summary>No threads, so no hit; but it claims every patch should hit.</summary>
    private sealed class NothingHappensRepro : ReproScenario
    {
        public override string Name => "expects-a-hit";

        public override string Description => "test: an expectation that cannot be met";

        public override bool ExpectHit(Patch patch) => true;

        protected override void Arrange(ReproWorld world)
        {
        }
    }
}
