// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Cli;
using DcacheStress.Service.Configuration;
using DcacheStress.Service.Hosting;
using DcacheStress.Service.Terminal;
using DcacheStress.Service.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DcacheStress.Service.Tests;

/// <summary><c>--config FILE</c>, environment variables by the .NET convention, the Logging section (issue 16).</summary>
[Collection(StressRunCollection.Name)]
public sealed class ConfigFileTests
{
    private static (StressRunSettings? Settings, List<string> Errors, IConfigurationRoot? Config) Resolve(
        TempDirectory tmp, string[] args, Dictionary<string, string>? env = null)
    {
        var parsed = StressArgs.Parse([.. args, "--metrics-url", "none"]);
        Assert.Empty(parsed.Errors);
        string? file = parsed.Values.TryGetValue("Config", out string? f) ? Path.GetFullPath(f, tmp.Path) : null;
        var config = SettingsLoader.TryBuild(tmp.Path, tmp.Path, env ?? [], parsed.Values, out string? error, file);
        if (config is null)
            return (null, [error!], null);
        var settings = StressSettingsResolver.Resolve(config, tmp.Path, DateTimeOffset.UtcNow, out var errors);
        return (settings, errors, config);
    }

    [Fact]
    public void Config_FileOverAppsettings_EnvironmentOverFile_CommandLineOverAll()
    {
        using var tmp = new TempDirectory();
        tmp.Write("appsettings.json", "{ \"Stress\": { \"Workload\": \"racer\", \"Seed\": \"1\", \"Duration\": \"7s\", \"Round\": \"1s\" } }");
        tmp.Write("long.json", "{ \"Stress\": { \"Seed\": \"2\", \"Duration\": \"4h\", \"Round\": \"2s\", \"FailOn\": \"clean-hit\" } }");
        var env = new Dictionary<string, string> { ["DCACHESTRESS_STRESS__DURATION"] = "1h30m", ["DCACHESTRESS_STRESS__ROUND"] = "3s" };

        var (s, errors, _) = Resolve(tmp, ["--config", "long.json", "--round", "5s"], env);

        Assert.Empty(errors);
        Assert.Equal("racer", s!.WorkloadName);                           // appsettings.json
        Assert.Equal(2UL, s.Engine.Seed);                                 // --config over appsettings.json
        Assert.Equal("clean-hit", s.FailOn.Name);                         // --config
        Assert.Equal(TimeSpan.FromMinutes(90), s.Engine.Duration);        // environment over --config
        Assert.Equal(TimeSpan.FromSeconds(5), s.Engine.Round);            // command line over all
    }

    [Fact]
    public void Environment_OlderDoubleUnderscorePrefix_StillRead()
    {
        using var tmp = new TempDirectory();
        var (s, errors, _) = Resolve(tmp, [], new Dictionary<string, string> { ["DCACHESTRESS__STRESS__SEED"] = "9" });

        Assert.Empty(errors);
        Assert.Equal(9UL, s!.Engine.Seed);
    }

    [Fact]
    public async Task Config_MissingFile_OneLineExitTwo()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);

        int code = await cli.RunAsync("stress", "--config", "nope.json", "--metrics-url", "none");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"error: --config: '{tmp.File("nope.json")}': no such file (allowed: a JSON file with the keys of appsettings.json)", cli.Stderr.Trim());
    }

    [Fact]
    public async Task Config_MalformedFile_OneLineNamingIt()
    {
        using var tmp = new TempDirectory();
        tmp.Write("bad.json", "{ \"Stress\": { \"Seed\": 1, } ");
        var cli = new TestCli(tmp.Path);

        int code = await cli.RunAsync("stress", "--config", "bad.json", "--metrics-url", "none");

        Assert.Equal(ExitCodes.BadInput, code);
        string line = Assert.Single(cli.Stderr.Trim().Split('\n'));
        Assert.StartsWith("error: --config: malformed JSON (", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_GivenInASettingsFile_RejectedAsCommandLineOnly()
    {
        using var tmp = new TempDirectory();
        tmp.Write("appsettings.json", "{ \"Stress\": { \"Config\": \"other.json\" } }");
        var cli = new TestCli(tmp.Path);

        int code = await cli.RunAsync("stress", "--metrics-url", "none");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("error: Config: --config is a command-line option only (not a setting in a settings file or the environment)", cli.Stderr.Trim());
    }

    [Theory]
    [InlineData(null, false)]            // default: warnings and errors only
    [InlineData("Information", true)]    // DCACHESTRESS_LOGGING__LOGLEVEL__DEFAULT=Information
    public void Logging_SectionSetsTheHostsLevels(string? level, bool informationEnabled)
    {
        using var tmp = new TempDirectory();
        var env = new Dictionary<string, string>();
        if (level is not null)
            env["DCACHESTRESS_LOGGING__LOGLEVEL__DEFAULT"] = level;
        var (s, errors, config) = Resolve(tmp, ["--report-dir", "run"], env);
        Assert.Empty(errors);
        var cli = new TestCli(tmp.Path);
        using var log = new RunLog();
        var console = new RunConsole(cli.Context, log);

        using IHost host = StressHost.Build(new RunState(s!), cli.Context, console, config!);
        ILogger logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.Hosting.Lifetime");

        Assert.Equal(informationEnabled, logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task Logging_DebugLevel_HostLinesTimestampedOnStderrAndInRunLog()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path, new Dictionary<string, string> { ["DCACHESTRESS_LOGGING__LOGLEVEL__DEFAULT"] = "Debug" });

        int code = await cli.RunAsync("stress", "--patch", "v4.7", "--duration", "1s", "--threads", "2", "--warmup", "0s",
            "--metrics-url", "none", "--report-dir", "run");

        Assert.True(code == 0, cli.Stdout + cli.Stderr);
        Assert.Matches(@"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ dbug: Microsoft\.Extensions\.Hosting", cli.Stderr);
        Assert.Contains(" dbug: Microsoft.Extensions.Hosting", File.ReadAllText(tmp.File("run/run.log")), StringComparison.Ordinal);
    }
}
