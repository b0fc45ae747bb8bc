// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Cli;
using DcacheStress.Service.Crash;

namespace DcacheStress.Service.Tests;

/// <summary><c>crashes DIR...</c>: Drokin's dump fields tallied over crash records.</summary>
public sealed class CrashesCommandTests
{
    private static string Record(string invariant, string patch, string flags, bool hashed, bool positive, bool inLookup, params string[] events) =>
        $$"""
        {"invariant":"{{invariant}}","kind":"kernel_bug","patch":"{{patch}}",
         "dentry":{"id":7,"path":"/racer/3","name":"3","parent_id":2,"flags":"{{flags}}","hashed":{{(hashed ? "true" : "false")}},
                   "in_lookup":{{(inLookup ? "true" : "false")}},"positive":{{(positive ? "true" : "false")}},"ref_count":3,"seq":4},
         "threads":[{"thread":"w1","events":[{{string.Join(",", events.Select(e => "\"" + e + "\""))}}]},
                    {"thread":"w2","events":["t=-1.0us w2 op_begin dentry#0 concat/open"]}]}
        """;

    [Fact]
    public async Task Crashes_TalliesFlagsStateAndTheHittingThreadsLastOp()
    {
        using var tmp = new TempDirectory();
        string run = Directory.CreateDirectory(Path.Combine(tmp.Path, "run1")).FullName;
        File.WriteAllText(Path.Combine(run, "crash-d_rehash.hashed-1.json"), Record("d_rehash.hashed", "viro-2016-07-03", "0x8c", true, false, false,
            "t=-9.0us w1 op_begin dentry#0 ls_r/lstat", "t=-5.0us w1 op_begin dentry#0 ls_r/opendir", "t=-1.0us w1 invariant_hit dentry#7 d_rehash.hashed"));
        File.WriteAllText(Path.Combine(run, "crash-d_splice_alias.hashed-1.json"), Record("d_splice_alias.hashed", "viro-2016-07-03", "0x4000cc", true, true, false,
            "t=-5.0us w1 op_begin dentry#0 concat/open"));
        File.WriteAllText(Path.Combine(run, "crash-d_add.owner-1.json"), Record("d_add.owner", "viro-2016-07-03", "0x8c", false, false, false));
        File.WriteAllText(Path.Combine(run, "crash-d_rehash.hashed-2.json"), Record("d_rehash.hashed", "v4.7-rc6", "0x8c", true, false, false));
        var cli = new Support.TestCli(tmp.Path);

        Assert.Equal(0, await cli.RunAsync("crashes", "run1", "--patch", "viro-2016-07-03"));

        Assert.Contains("records: 2 (d_rehash.hashed 1, d_splice_alias.hashed 1)", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("| d_flags = 0x8c (140) | all | 1/2 (50%) |", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("| positive | some | 1/2 (50%) |", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("| unhashed when recorded | some | 0/2 (0%) |", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("readdir-driven program (ls -R, ls, rm -rf) | all (\"it is ls that is crashing\") | 1/2 (50%) |", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("| ls_r/opendir | 1 |", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("| 0x4000cc (4194508) | 1 |", cli.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crashes_InvariantAll_CountsRootCauseRecordsToo()
    {
        using var tmp = new TempDirectory();
        File.WriteAllText(Path.Combine(tmp.Path, "crash-d_add.owner-1.json"), Record("d_add.owner", "v4.7-rc6", "0x8c", false, false, false));
        var cli = new Support.TestCli(tmp.Path);

        Assert.Equal(0, await cli.RunAsync("crashes", ".", "--invariant", "all"));

        Assert.Contains("records: 1 (d_add.owner 1)", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("| unhashed when recorded | some | 1/1 (100%) |", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("| ? | 1 |", cli.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "crashes" }, "which report directories")]
    [InlineData(new[] { "crashes", "no-such-dir" }, "no-such-dir: no such directory")]
    [InlineData(new[] { "crashes", ".", "--bogus" }, "--bogus: unknown option")]
    [InlineData(new[] { "crashes", ".", "--patch" }, "--patch: needs a value")]
    public async Task Crashes_BadInput_OneLineErrorExitTwo(string[] args, string message)
    {
        using var tmp = new TempDirectory();
        var cli = new Support.TestCli(tmp.Path);

        Assert.Equal(ExitCodes.BadInput, await cli.RunAsync(args));

        Assert.Contains(message, cli.Stderr, StringComparison.Ordinal);
        Assert.Single(cli.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void IsReaddirDriven_LsAndRmRfButNotOpens()
    {
        Assert.True(CrashFieldStats.IsReaddirDriven("ls_r/opendir"));
        Assert.True(CrashFieldStats.IsReaddirDriven("readdir/getdents"));
        Assert.True(CrashFieldStats.IsReaddirDriven("rm_rf/lstat"));
        Assert.False(CrashFieldStats.IsReaddirDriven("concat/open"));
        Assert.False(CrashFieldStats.IsReaddirDriven("?"));
    }
}
