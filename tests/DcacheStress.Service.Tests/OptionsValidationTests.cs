// SPDX-License-Identifier: GPL-2.0-only
using System.Net;
using System.Net.Sockets;
using DcacheStress.Service.Cli;
using DcacheStress.Service.Tests.Support;

namespace DcacheStress.Service.Tests;

/// <summary>Every bad input: one line naming the option, exit 2, nothing written, nothing started.</summary>
public sealed class OptionsValidationTests
{
    private static async Task<(int Code, TestCli Cli, string ReportDir)> RunBad(TempDirectory tmp, string[] args, IReadOnlyDictionary<string, string>? env = null)
    {
        string reportDir = tmp.File("report");
        var cli = new TestCli(tmp.Path, env);
        string[] all = ["stress", "--report-dir", reportDir, .. args];
        if (!args.Contains("--metrics-url"))
            all = [.. all, "--metrics-url", "none"];
        int code = await cli.RunAsync(all);
        return (code, cli, reportDir);
    }

    private static void AssertRejected(int code, TestCli cli, string reportDir, string option, string? mentions = null)
    {
        Assert.Equal(ExitCodes.BadInput, code);
        string[] lines = cli.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(option, lines[0], StringComparison.Ordinal);
        if (mentions is not null)
            Assert.Contains(mentions, lines[0], StringComparison.Ordinal);
        Assert.Equal("", cli.Stdout);
        Assert.False(Directory.Exists(reportDir), "a rejected run must not create its report directory");
    }

    [Theory]
    [InlineData("--threads", "0", "1..4096")]
    [InlineData("--threads", "-3", "1..4096")]
    [InlineData("--threads", "many", "whole number")]
    [InlineData("--patch", "v9.9", "v4.7-rc6")]
    [InlineData("--patch", "v4.7,v4.7", "twice")]
    [InlineData("--workload", "storm", "open-storm")]
    [InlineData("--duration", "5x", "90s")]
    [InlineData("--duration", "0s", "longer than zero")]
    [InlineData("--round", "soon", "90s")]
    [InlineData("--seed", "-1", "0x hex")]
    [InlineData("--race-windows", "maybe", "on, off")]
    [InlineData("--window-policy", "greedy", "uniform, feedback")]
    [InlineData("--churn", "2", "0..1")]
    [InlineData("--names", "1", "2..100000")]
    [InlineData("--metrics-url", "ftp://127.0.0.1:9464", "http://HOST:PORT")]
    [InlineData("--metrics-url", "http://example.org:9464", "IP address")]
    [InlineData("--metrics-url", "http://10.1.2.3:9464", "--metrics-bind-any")]
    [InlineData("--stop-on-first-hit=perhaps", null, "true, false")]
    [InlineData("--on-bug", "halt", "reboot, continue")]
    [InlineData("--stop-on-first-crash=perhaps", null, "true, false")]
    [InlineData("--bogus", null, "unknown option")]
    public async Task Stress_BadOption_ExitsTwoNamingIt(string option, string? value, string mentions)
    {
        using var tmp = new TempDirectory();
        string[] args = value is null ? [option] : [option, value];
        var (code, cli, dir) = await RunBad(tmp, args);
        AssertRejected(code, cli, dir, option.Split('=')[0], mentions);
    }

    [Fact]
    public async Task Stress_RoundLongerThanDuration_ExitsTwoNamingRound()
    {
        using var tmp = new TempDirectory();
        var (code, cli, dir) = await RunBad(tmp, ["--duration", "5s", "--round", "10s"]);
        AssertRejected(code, cli, dir, "--round", "--duration");
    }

    [Fact]
    public async Task Stress_MetricsPortInUse_ExitsTwoNamingMetricsUrl()
    {
        using var tmp = new TempDirectory();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var (code, cli, dir) = await RunBad(tmp, ["--metrics-url", $"http://127.0.0.1:{port}"]);
        AssertRejected(code, cli, dir, "--metrics-url", "already in use");
    }

    [Fact]
    public async Task Stress_ReportDirUnderAFile_ExitsTwoNamingReportDir()
    {
        using var tmp = new TempDirectory();
        string file = tmp.Write("plain-file", "x");
        var cli = new TestCli(tmp.Path);
        int code = await cli.RunAsync("stress", "--metrics-url", "none", "--report-dir", Path.Combine(file, "sub"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--report-dir", cli.Stderr, StringComparison.Ordinal);
        Assert.Single(cli.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["plain-file"], Directory.GetFileSystemEntries(tmp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Stress_ReportDirUnwritable_ExitsTwoNamingReportDir()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        // /proc refuses new entries even to root.
        int code = await cli.RunAsync("stress", "--metrics-url", "none", "--report-dir", "/proc/dcachestress-test-report");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--report-dir", cli.Stderr, StringComparison.Ordinal);
        Assert.Contains("not writable", cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stress_MalformedAppsettings_ExitsTwoNamingTheFileAndLine()
    {
        using var tmp = new TempDirectory();
        tmp.Write("appsettings.json", "{\n  \"Stress\": {\n    \"Duration\": \"5s\",,\n  }\n");
        var (code, cli, dir) = await RunBad(tmp, []);
        AssertRejected(code, cli, dir, "appsettings.json", "line 3");
    }

    [Fact]
    public async Task Stress_UnknownAppsettingsKey_ExitsTwoNamingTheKey()
    {
        using var tmp = new TempDirectory();
        tmp.Write("appsettings.json", "{ \"Stress\": { \"Durration\": \"5s\" } }");
        var (code, cli, dir) = await RunBad(tmp, []);
        AssertRejected(code, cli, dir, "Stress:Durration", "unknown setting");
    }

    [Fact]
    public async Task Stress_BadEnvironmentValue_ExitsTwoNamingTheOption()
    {
        using var tmp = new TempDirectory();
        var env = new Dictionary<string, string> { ["DCACHESTRESS__STRESS__THREADS"] = "0" };
        var (code, cli, dir) = await RunBad(tmp, [], env);
        AssertRejected(code, cli, dir, "--threads", "1..4096");
    }

    [Fact]
    public void Resolve_CommandLineOverEnvironmentOverFile_CommandLineWins()
    {
        using var tmp = new TempDirectory();
        tmp.Write("appsettings.json", "{ \"Stress\": { \"Threads\": \"0\", \"Workload\": \"racer\", \"Duration\": \"7s\" } }");
        var env = new Dictionary<string, string> { ["DCACHESTRESS__STRESS__THREADS"] = "-1", ["DCACHESTRESS__STRESS__DURATION"] = "9s" };
        var parsed = Cli.StressArgs.Parse(["--threads", "3", "--metrics-url", "none"]);
        var config = Configuration.SettingsLoader.TryBuild(tmp.Path, tmp.Path, env, parsed.Values, out string? error);
        Assert.Null(error);
        var settings = Configuration.StressSettingsResolver.Resolve(config!, tmp.Path, DateTimeOffset.UtcNow, out var errors);
        Assert.Empty(errors);
        Assert.Equal(3, settings!.Engine.Threads);                        // command line
        Assert.Equal(TimeSpan.FromSeconds(9), settings.Engine.Duration); // environment over file
        Assert.Equal("racer", settings.WorkloadName);                    // file
        Assert.Null(settings.Metrics);
    }

    [Fact]
    public void Resolve_NoOptions_DefaultsOfTheIssue()
    {
        using var tmp = new TempDirectory();
        var config = Configuration.SettingsLoader.TryBuild(tmp.Path, tmp.Path, new Dictionary<string, string>(), new Dictionary<string, string>(), out _);
        var settings = Configuration.StressSettingsResolver.Resolve(config!, tmp.Path, DateTimeOffset.UtcNow, out var errors);
        // The default port may be taken on a busy machine; everything else must resolve.
        Assert.All(errors, e => Assert.StartsWith("--metrics-url:", e, StringComparison.Ordinal));
        if (settings is null)
            return;
        Assert.Equal(Fs.PatchCatalog.Names, settings.Engine.Patches);
        Assert.Equal("open-storm", settings.WorkloadName);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.Engine.Duration);
        // Every patch of both filesystems gets at least three rounds in the 60 s (4 s rounds would give 1).
        Assert.True(settings.Engine.Round <= TimeSpan.FromSeconds(60) / (3.0 * Fs.PatchCatalog.Names.Count), $"round {settings.Engine.Round}");
        Assert.True(settings.Engine.Round >= Configuration.StressSettingsResolver.MinAutoRound);
        Assert.Equal(Workload.StressOptions.DefaultThreads(Workload.WorkloadKind.OpenStorm), settings.Engine.Threads);
        Assert.True(settings.Engine.RaceWindows);
        Assert.True(settings.SeedFromClock);
        Assert.Equal("http://127.0.0.1:9464/metrics", settings.Metrics!.ScrapeUrl(settings.Metrics.Port));
        Assert.StartsWith(Path.Combine(tmp.Path, "reports") + Path.DirectorySeparatorChar, settings.ReportDir, StringComparison.Ordinal);
        Assert.False(Directory.Exists(settings.ReportDir));
    }

    [Fact]
    public void Resolve_ShortDurationWithoutRound_RoundIsTheDuration()
    {
        using var tmp = new TempDirectory();
        var parsed = Cli.StressArgs.Parse(["--duration", "2s", "--metrics-url", "none"]);
        var config = Configuration.SettingsLoader.TryBuild(tmp.Path, tmp.Path, new Dictionary<string, string>(), parsed.Values, out _);
        var settings = Configuration.StressSettingsResolver.Resolve(config!, tmp.Path, DateTimeOffset.UtcNow, out var errors);
        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(2), settings!.Engine.Round);
    }

    [Fact]
    public void Resolve_DurationTooShortForEveryPatch_WarnsNamingThePatchesWithoutARound()
    {
        using var tmp = new TempDirectory();
        var parsed = Cli.StressArgs.Parse(["--duration", "3s", "--round", "1s", "--patch", "v4.7-rc6,v4.7,revalidate-zero,v4.7-rc3-braino", "--metrics-url", "none"]);
        var config = Configuration.SettingsLoader.TryBuild(tmp.Path, tmp.Path, new Dictionary<string, string>(), parsed.Values, out _);
        var settings = Configuration.StressSettingsResolver.Resolve(config!, tmp.Path, DateTimeOffset.UtcNow, out var errors);
        Assert.Empty(errors);
        string w = Assert.Single(settings!.Warnings, w => w.Contains("no round", StringComparison.Ordinal));
        Assert.StartsWith("warning: ", w, StringComparison.Ordinal);
        Assert.Contains("v4.7-rc3-braino", w, StringComparison.Ordinal);
        Assert.DoesNotContain("revalidate-zero", w, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NonLoopbackWithBindAny_AcceptedWithWarning()
    {
        using var tmp = new TempDirectory();
        var parsed = Cli.StressArgs.Parse(["--metrics-url", "http://0.0.0.0:0", "--metrics-bind-any"]);
        var config = Configuration.SettingsLoader.TryBuild(tmp.Path, tmp.Path, new Dictionary<string, string>(), parsed.Values, out _);
        var settings = Configuration.StressSettingsResolver.Resolve(config!, tmp.Path, DateTimeOffset.UtcNow, out var errors);
        Assert.Empty(errors);
        Assert.False(settings!.Metrics!.IsLoopback);
        Assert.Contains(settings.Warnings, w => w.StartsWith("warning: ", StringComparison.Ordinal) && w.Contains("--metrics-bind-any", StringComparison.Ordinal));
    }
}
