// SPDX-License-Identifier: GPL-2.0-only
using System.Net;
using DcacheStress.Service.Cli;
using DcacheStress.Service.Configuration;
using DcacheStress.Workload;

namespace DcacheStress.Service.Tests;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("4h", 4 * 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("500ms", 0.5)]
    [InlineData("1.5m", 90)]
    [InlineData("45", 45)]
    [InlineData(" 2M ", 120)]
    public void TryParse_UserForms_Seconds(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out TimeSpan t));
        Assert.Equal(seconds, t.TotalSeconds, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("5x")]
    [InlineData("-5s")]
    [InlineData("1h-3m")]
    [InlineData("NaN")]
    public void TryParse_Garbage_False(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData(90, "90s")]
    [InlineData(5400, "1h30m")]
    [InlineData(0.25, "250ms")]
    public void Format_Seconds_ShortForm(double seconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromSeconds(seconds)));
}

public sealed class MetricsEndpointTests
{
    [Fact]
    public void TryParse_Default_LoopbackWithMetricsPath()
    {
        MetricsEndpoint? e = MetricsEndpoint.TryParse("http://127.0.0.1:9464", out string? error);
        Assert.Null(error);
        Assert.Equal(IPAddress.Loopback, e!.Address);
        Assert.Equal(9464, e.Port);
        Assert.Equal("/metrics", e.Path);
        Assert.True(e.IsLoopback);
    }

    [Fact]
    public void TryParse_LocalhostAndPath_LoopbackWithThatPath()
    {
        MetricsEndpoint? e = MetricsEndpoint.TryParse("http://localhost:0/prom/", out _);
        Assert.True(e!.IsLoopback);
        Assert.Equal(0, e.Port);
        Assert.Equal("/prom", e.Path);
    }

    [Fact]
    public void TryParse_AnyAddress_NotLoopback()
    {
        MetricsEndpoint? e = MetricsEndpoint.TryParse("http://0.0.0.0:9464", out _);
        Assert.False(e!.IsLoopback);
    }

    [Fact]
    public void ProbeBind_PortTaken_SaysInUse()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        Assert.Contains("already in use", new MetricsEndpoint(IPAddress.Loopback, port, "/metrics").ProbeBind(), StringComparison.Ordinal);
    }
}

public sealed class StressArgsTests
{
    [Fact]
    public void Parse_ValuesFlagsAndEquals_MappedToConfigKeys()
    {
        StressArgs a = StressArgs.Parse(["--patch", "v4.7,v4.7-rc6", "--pin", "--duration=90s", "--stop-on-first-hit=false"]);
        Assert.Empty(a.Errors);
        Assert.Equal("v4.7,v4.7-rc6", a.Values["Patch"]);
        Assert.Equal("true", a.Values["Pin"]);
        Assert.Equal("90s", a.Values["Duration"]);
        Assert.Equal("false", a.Values["StopOnFirstHit"]);
    }

    [Fact]
    public void Parse_MissingValue_ErrorNamesOption()
    {
        StressArgs a = StressArgs.Parse(["--threads"]);
        Assert.Contains(a.Errors, e => e.StartsWith("--threads:", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_GivenTwice_Error()
    {
        StressArgs a = StressArgs.Parse(["--seed", "1", "--seed=2"]);
        Assert.Contains(a.Errors, e => e.Contains("given twice", StringComparison.Ordinal));
    }
}

public sealed class HelpAndVersionTests
{
    [Fact]
    public async Task StressHelp_EveryOption_ListedWithDefault()
    {
        using var tmp = new TempDirectory();
        var cli = new Support.TestCli(tmp.Path);
        Assert.Equal(0, await cli.RunAsync("stress", "--help"));
        foreach (StressOptionInfo o in StressOptionCatalog.All)
            Assert.Contains(o.Cli, cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("(default: http://127.0.0.1:9464)", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("DCACHESTRESS_STRESS__DURATION", cli.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_Flag_PrintsVersionAndKernel()
    {
        using var tmp = new TempDirectory();
        var cli = new Support.TestCli(tmp.Path);
        Assert.Equal(0, await cli.RunAsync("--version"));
        Assert.Contains(ServiceVersion.Short, cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("Linux 4.7", cli.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownMode_ExitsTwo()
    {
        using var tmp = new TempDirectory();
        var cli = new Support.TestCli(tmp.Path);
        Assert.Equal(ExitCodes.BadInput, await cli.RunAsync("sweeep"));
        Assert.Contains("unknown mode 'sweeep'", cli.Stderr, StringComparison.Ordinal);
    }
}
