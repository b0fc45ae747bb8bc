// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports;
using DcacheStress.Reports.Model;
using DcacheStress.Service.Cli;
using DcacheStress.Service.Configuration;
using DcacheStress.Service.Reporting;
using DcacheStress.Service.Terminal;

namespace DcacheStress.Service.Hosting;

/// <summary>
/// The write stage: report.json/md/html, the <c>--json</c> summary, the soak section, then the
/// end-of-run text on the console. Returns the exit code of the run.
/// </summary>
public static class RunWrite
{
    /// <summary>Write <paramref name="summary"/>; every file written is added to <paramref name="written"/>.</summary>
    public static int Write(StressRun run, RunSummary summary, List<string> written)
    {
        int exitCode = ExitCodes.Ok;
        RunReport? report = WriteReports(run, summary, written, ref exitCode);
        WriteSummaryJson(run, summary, written, ref exitCode);
        foreach (string e in run.Crashes.Writer.Errors)
            run.Console.Error($"error: crash record not written: {e}");
        AppendSoak(run, written);
        PrintEnd(run, summary, report, written);
        return exitCode == ExitCodes.Ok ? FailOn(run, summary) : exitCode;
    }

    /// <summary><c>--fail-on</c>: 3 and one line naming the patches when the rule trips, else 0.</summary>
    private static int FailOn(StressRun run, RunSummary summary)
    {
        FailOnRule rule = run.Settings.FailOn;
        IReadOnlyList<PatchFigures> tripped = rule.TrippedBy(summary.Patches);
        if (tripped.Count == 0)
            return ExitCodes.Ok;
        string which = string.Join(", ", tripped.Select(p => $"{p.Name} ({Numbers.Grouped(p.TotalHits)} hits{(p.ExpectedClean ? ", expected clean" : "")})"));
        run.Console.Error($"fail-on {rule.Name}: {rule.Help}: {which}; exit {ExitCodes.FailOnTripped}");
        return ExitCodes.FailOnTripped;
    }

    private static RunReport? WriteReports(StressRun run, RunSummary summary, List<string> written, ref int exitCode)
    {
        try
        {
            RunReport report = RunReportBuilder.Build(summary);
            foreach (string f in ReportFiles.WriteAll(report, run.Dir))
            {
                written.Add(f);
                run.State.Done(f);
            }
            return report;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            run.Console.Error($"error: cannot write the report into {run.Dir}: {e.Message}");
            exitCode = ExitCodes.Failed;
            return null;
        }
    }

    private static void WriteSummaryJson(StressRun run, RunSummary summary, List<string> written, ref int exitCode)
    {
        if (run.Settings.JsonPath is not { } path)
            return;
        try
        {
            SummaryJson.Write(summary, path);
            written.Add(path);
            run.State.Done(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            run.Console.Error($"error: cannot write --json {path}: {e.Message}");
            exitCode = ExitCodes.Failed;
        }
    }

    private static void AppendSoak(StressRun run, List<string> written)
    {
        string markdown = Path.Combine(run.Dir, ReportFiles.MarkdownName);
        if (run.Soak is null || !written.Contains(markdown))
            return;
        try
        {
            File.AppendAllText(markdown, run.Soak.Monitor.Markdown());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            run.Console.Error($"error: soak section not added to {markdown}: {e.Message}");
        }
    }

    private static void PrintEnd(StressRun run, RunSummary summary, RunReport? report, List<string> written)
    {
        TextWriter o = run.Console.Out;
        string dir = run.Dir;
        ConsoleReport.Summary(o, summary);
        ConsoleReport.Verdicts(o, report);
        o.WriteLine($"report: {string.Join("  ", written.Where(f => f.StartsWith(dir, StringComparison.Ordinal)))}");
        if (summary.CrashRecordFiles.Count > 0)
            o.WriteLine($"crash records: {dir}{Path.DirectorySeparatorChar}crash-*.json");
        if (run.Settings.JsonPath is { } json && written.Contains(json))
            o.WriteLine($"summary json: {json}");
        if (run.Resumed is { } resumed)
            o.WriteLine($"resumed from the checkpoint of {resumed.WrittenUtc:u} ({Numbers.Seconds(resumed.Engine.ElapsedSeconds)} into the run): totals include it (report.json options.resumed_from)");
        if (run.Checkpoints.FinalFile is { } checkpoint)
            o.WriteLine($"checkpoint: {checkpoint}");
        if (run.Soak?.Monitor.Verdict() is { } verdict)
            o.WriteLine(verdict.Line);
        if (summary.UnstoppableThreads > 0)
            run.Console.Err.WriteLine($"could not stop {summary.UnstoppableThreads} threads: they are left running; the fsck ran on a live dcache");
        o.Flush();
    }
}
