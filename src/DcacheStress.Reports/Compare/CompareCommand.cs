// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Json;
using DcacheStress.Reports.Markdown;
using DcacheStress.Reports.Model;
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports.Compare;

/// <summary>
/// <c>compare</c>: the report statistics over saved <c>report.json</c> files (other runs, other
/// machines). Reports of the same patch are merged (see <see cref="ReportMerger"/>); reports whose
/// workload, race windows or round length differ are refused unless forced.
/// </summary>
public static class CompareCommand
{
    /// <summary>Success: the tables were written.</summary>
    public const int ExitOk = 0;

    /// <summary>The merged report could not be written to the output folder.</summary>
    public const int ExitWriteFailed = 1;

    /// <summary>Bad input: no files, an unreadable or malformed file, or mismatched settings.</summary>
    public const int ExitBadInput = 2;

    /// <summary>
    /// Loads <paramref name="files"/>, checks their settings, merges them and writes the Markdown
    /// tables to <paramref name="output"/>; with <paramref name="outDir"/> also writes the merged
    /// report.json, report.md and report.html there. Errors go to <paramref name="output"/> too.
    /// </summary>
    /// <returns><see cref="ExitOk"/>, <see cref="ExitBadInput"/> or <see cref="ExitWriteFailed"/>.</returns>
    public static int Run(string[] files, bool force, TextWriter output, string? outDir) =>
        Run(files, new CompareOptions { Force = force, OutDir = outDir }, output);

    /// <summary>
    /// As above with every option: beside the settings check, <see cref="FleetIntegrity"/> refuses
    /// a run given twice and a fleet with missing tasks (unless <see cref="CompareOptions.AllowPartial"/>);
    /// <see cref="CompareOptions.By"/> keeps groups apart (<see cref="CompareGrouping"/>); a
    /// throughput-by-host table follows the tables when the reports come from several machines.
    /// </summary>
    public static int Run(string[] files, CompareOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        bool force = options.Force;
        string? outDir = options.OutDir;
        if (options.By is not null && CompareGrouping.Validate(options.By) is string byError)
        {
            output.WriteLine($"error: {byError}");
            return ExitBadInput;
        }
        if (files is null || files.Length == 0)
        {
            output.WriteLine("error: compare needs one or more report.json files");
            return ExitBadInput;
        }

        var loaded = new List<SourcedReport>();
        bool failed = false;
        foreach (string file in files)
        {
            try
            {
                loaded.Add(new SourcedReport(file, ReportJson.Load(file)));
            }
            catch (InvalidReportException e)
            {
                output.WriteLine($"error: {e.Message}");
                failed = true;
            }
        }

        if (failed)
        {
            return ExitBadInput;
        }

        IntegrityFindings integrity = FleetIntegrity.Check(loaded, options.AllowPartial);
        foreach (string e in integrity.Errors)
        {
            output.WriteLine($"error: {e}");
        }

        if (integrity.Errors.Count > 0)
        {
            output.WriteLine("error: refusing to merge: the totals would not be those of distinct, complete runs");
            return ExitBadInput;
        }

        foreach (string w in integrity.Warnings)
        {
            output.WriteLine($"warning: {w}");
        }

        foreach (string n in integrity.Notes)
        {
            output.WriteLine($"note: {n}");
        }

        if (options.By is string by)
        {
            (IReadOnlyList<SourcedReport> grouped, IReadOnlyList<string> groups) = CompareGrouping.Apply(loaded, by);
            output.WriteLine($"note: --by {by}: {groups.Count} groups kept apart ({string.Join(", ", groups)}); patches are named patch@group");
            loaded = [.. grouped];
        }

        IReadOnlyList<SettingMismatch> blocking = SettingsCheck.Blocking(loaded);
        foreach (SettingMismatch m in blocking)
        {
            output.WriteLine($"{(force ? "warning" : "error")}: {m.Describe()}");
        }

        if (blocking.Count > 0 && !force)
        {
            output.WriteLine("error: refusing to compare reports with different settings (pass --force to compare anyway)");
            return ExitBadInput;
        }

        foreach (SettingMismatch m in SettingsCheck.Informational(loaded))
        {
            output.WriteLine($"note: {m.Describe()}");
        }

        RunReport merged = ReportMerger.Merge(loaded);
        if (blocking.Count > 0 || SettingsCheck.Informational(loaded).Count > 0)
        {
            output.WriteLine();
        }

        PairSelection? pairs = options.Pairs;
        if (pairs?.Baseline is { } baseline && !merged.Patches.Any(p => p.Name == baseline))
        {
            output.WriteLine($"error: --baseline: '{baseline}' is not a patch of these reports (allowed: {string.Join(", ", merged.Patches.Select(p => p.Name))})");
            return ExitBadInput;
        }

        MarkdownReportWriter.Write(merged, ReportAnalyzer.Analyze(merged, selection: pairs), output);
        ThroughputBreakdown.Write(loaded, output);
        return outDir is null ? ExitOk : WriteFiles(merged, outDir, output, pairs);
    }

    private static int WriteFiles(RunReport merged, string outDir, TextWriter output, PairSelection? pairs)
    {
        try
        {
            IReadOnlyList<string> written = ReportFiles.WriteAll(merged, outDir, pairs);
            output.WriteLine($"wrote {string.Join(", ", written)}");
            return ExitOk;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.WriteLine($"error: cannot write the merged report to {outDir}: {e.Message}");
            return ExitWriteFailed;
        }
    }
}
