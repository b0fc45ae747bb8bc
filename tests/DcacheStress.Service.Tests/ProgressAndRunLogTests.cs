// SPDX-License-Identifier: GPL-2.0-only
using System.Text.RegularExpressions;
using DcacheStress.Service.Terminal;
using DcacheStress.Service.Tests.Support;

namespace DcacheStress.Service.Tests;

/// <summary>Progress for logs (timestamped lines with ETA) and run.log beside the report (issue 16).</summary>
[Collection(StressRunCollection.Name)]
public sealed partial class ProgressAndRunLogTests
{
    [Fact]
    public void Eta_TimeLeftAndItsClockTime()
    {
        var now = new DateTimeOffset(2026, 7, 4, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal("ETA 3h59m (13:59 UTC)", ProgressText.Eta(TimeSpan.FromHours(4), 60, now));
        Assert.Equal("ETA 0ms (10:00 UTC)", ProgressText.Eta(TimeSpan.FromSeconds(10), 12, now));
    }

    [Fact]
    public void RunLog_StampsEachLineOnce_KeepsLinesBeforeOpen()
    {
        using var tmp = new TempDirectory();
        using (var log = new RunLog())
        {
            using var w = new LoggedWriter(TextWriter.Null, log);
            w.WriteLine("before open");
            Assert.Null(log.Open(tmp.Path));
            w.Write("two ");
            w.Write("parts\nand ");
            w.WriteLine("a third");
            w.WriteLine("2026-07-04T10:00:00Z progress already stamped");
        }

        string[] lines = File.ReadAllLines(tmp.File(RunLog.FileName));
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.Matches(Stamped(), l));
        Assert.EndsWith(" before open", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(" two parts", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(" and a third", lines[2], StringComparison.Ordinal);
        Assert.Equal("2026-07-04T10:00:00Z progress already stamped", lines[3]);
    }

    [Fact]
    public async Task Stress_NoTerminal_PrintsTimestampedProgressWithEta_AndKeepsRunLog()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);

        int code = await cli.RunAsync("stress", "--patch", "v4.7-rc6,v4.7", "--duration", "4s", "--round", "1s", "--progress-interval", "1s",
            "--seed", "7", "--threads", "4", "--warmup", "0s", "--metrics-url", "none", "--report-dir", "run");

        Assert.True(code == 0, cli.Stdout + cli.Stderr);
        var progress = cli.Stdout.Split('\n').Where(l => l.Contains(" progress [", StringComparison.Ordinal)).ToList();
        Assert.True(progress.Count >= 2, cli.Stdout);
        Assert.All(progress, l =>
        {
            Assert.Matches(Stamped(), l);
            Assert.Matches(@"/ 4s\] .* ops/s .* hits .* ETA \d", l);
        });
        Assert.Contains(progress, l => l.Contains("(v4.7-rc6 ", StringComparison.Ordinal)); // per-patch hits

        string[] log = File.ReadAllLines(tmp.File("run/run.log"));
        Assert.All(log.Where(l => l.Length > 0), l => Assert.Matches(Stamped(), l));
        Assert.Contains(log, l => l.Contains("stress run (Linux", StringComparison.Ordinal));      // banner
        Assert.Contains(log, l => l.Contains(" progress [", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("Run ended (duration)", StringComparison.Ordinal));   // summary
        Assert.DoesNotContain(log, l => Regex.IsMatch(l, @"^\S+Z \S+Z "));                        // never stamped twice
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ")]
    private static partial Regex Stamped();
}
