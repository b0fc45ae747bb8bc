// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Compare;
using DcacheStress.Reports.Json;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Tests;

public sealed class CompareCommandTests
{
    [Fact]
    public void Run_MixedWorkloads_RefusesWithExit2NamingSettingAndFiles()
    {
        using var dir = new TempDirectory();
        string a = Save(dir, "a/report.json", SampleReports.Small("open-storm"));
        string b = Save(dir, "b/report.json", SampleReports.Small("racer"));

        (int rc, string output) = Compare([a, b], force: false);

        Assert.Equal(CompareCommand.ExitBadInput, rc);
        Assert.Contains($"error: workload differs: open-storm in {a}; racer in {b}", output, StringComparison.Ordinal);
        Assert.Contains("--force", output, StringComparison.Ordinal);
        Assert.DoesNotContain("## Patches", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MixedWorkloadsWithForce_WarnsAndWritesTables()
    {
        using var dir = new TempDirectory();
        string a = Save(dir, "a/report.json", SampleReports.Small("open-storm"));
        string b = Save(dir, "b/report.json", SampleReports.Small("racer"));

        (int rc, string output) = Compare([a, b], force: true);

        Assert.Equal(CompareCommand.ExitOk, rc);
        Assert.Contains("warning: workload differs", output, StringComparison.Ordinal);
        Assert.Contains("## Patches", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 5.0, "race_windows differs")]
    [InlineData(true, 10.0, "round_seconds differs")]
    public void Run_DifferentRaceWindowsOrRoundLength_Refuses(bool raceWindows, double roundSeconds, string expected)
    {
        using var dir = new TempDirectory();
        string a = Save(dir, "a.json", SampleReports.Small());
        string b = Save(dir, "b.json", SampleReports.Small(raceWindows: raceWindows, roundSeconds: roundSeconds));

        (int rc, string output) = Compare([a, b], force: false);

        Assert.Equal(CompareCommand.ExitBadInput, rc);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DifferentThreadCounts_AcceptedWithNote()
    {
        using var dir = new TempDirectory();
        string a = Save(dir, "a.json", SampleReports.Small(threads: 16));
        string b = Save(dir, "b.json", SampleReports.Small(threads: 64));

        (int rc, string output) = Compare([a, b], force: false);

        Assert.Equal(CompareCommand.ExitOk, rc);
        Assert.Contains("note: threads differs: 16 in", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MalformedFile_Exit2WithFileNameInMessage()
    {
        using var dir = new TempDirectory();
        string good = Save(dir, "good.json", SampleReports.Small());
        string bad = dir.Write("bad.json", "{ \"version\": 3 }");

        (int rc, string output) = Compare([good, bad], force: false);

        Assert.Equal(CompareCommand.ExitBadInput, rc);
        Assert.Contains($"error: {bad}: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoFiles_Exit2()
    {
        (int rc, string output) = Compare([], force: false);

        Assert.Equal(CompareCommand.ExitBadInput, rc);
        Assert.Contains("one or more report.json", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WithOutDir_WritesMergedReportFilesThatLoadBack()
    {
        using var dir = new TempDirectory();
        string a = Save(dir, "a.json", SampleReports.Small());
        string b = Save(dir, "b.json", SampleReports.Small());
        string outDir = dir.File("merged");

        int rc = CompareCommand.Run([a, b], force: false, new StringWriter(), outDir);

        Assert.Equal(CompareCommand.ExitOk, rc);
        RunReport merged = ReportJson.Load(Path.Combine(outDir, "report.json"));
        Assert.Equal(6, merged.Patches[0].Rounds.Count);
        Assert.Equal([a, b], merged.MergedFrom!.Select(s => s.File));
        Assert.True(File.Exists(Path.Combine(outDir, "report.md")));
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
    }

    /// <summary>Runs <c>compare</c> on <paramref name="files"/> (tables to the returned output, no merged files).</summary>
    private static (int Rc, string Output) Compare(string[] files, bool force)
    {
        var output = new StringWriter();
        int rc = CompareCommand.Run(files, force, output, outDir: null);
        return (rc, output.ToString());
    }

    private static string Save(TempDirectory dir, string name, RunReport report)
    {
        string path = dir.File(name);
        ReportJson.Save(report, path);
        return path;
    }
}
