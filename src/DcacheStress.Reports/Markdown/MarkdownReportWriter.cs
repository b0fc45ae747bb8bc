// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Reports.Model;
using DcacheStress.Reports.Statistics;
using DcacheStress.Reports.Tables;

namespace DcacheStress.Reports.Markdown;

/// <summary>
/// Writes <c>report.md</c>: run header, options, per-patch table, hits by invariant, verdicts,
/// race windows per patch (when on), sweep (when present) and crash-record summaries.
/// </summary>
public static class MarkdownReportWriter
{
    public static void WriteFile(RunReport report, string path) =>
        ReportText.ToFile(path, writer => Write(report, writer));

    public static string ToMarkdown(RunReport report) =>
        ReportText.ToText(writer => Write(report, writer));

    public static void Write(RunReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        Write(report, ReportAnalyzer.Analyze(report), output);
    }

    public static void Write(RunReport report, ReportAnalysis analysis, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(output);
        output.NewLine = "\n";
        output.WriteLine("# DcacheStress report");
        output.WriteLine();
        foreach ((string label, string text) in RunHeader.Lines(report))
        {
            output.WriteLine($"- **{label}:** {MarkdownText.Escape(text)}");
        }

        output.WriteLine();
        WriteTable(output, ReportTableBuilder.Sources(report));
        WriteTable(output, ReportTableBuilder.Options(report));
        WriteTable(output, ReportTableBuilder.Patches(analysis));
        WriteTable(output, CrashTable.Build(analysis));
        WriteTable(output, ReportTableBuilder.HitsByInvariant(report));
        WriteTable(output, ReportTableBuilder.Observations(report));
        WriteVerdicts(output, analysis);
        foreach (ReportTable table in ReportTableBuilder.RaceWindows(report))
        {
            WriteTable(output, table);
        }

        WriteTable(output, ReportTableBuilder.Sweep(report));
        WriteCrashRecords(output, CrashDigest.From(report.CrashRecords));
    }

    private static void WriteTable(TextWriter output, ReportTable? table)
    {
        if (table is null)
        {
            return;
        }

        output.WriteLine($"## {table.Title}");
        output.WriteLine();
        output.WriteLine("| " + string.Join(" | ", table.Columns.Select(c => MarkdownText.Escape(c.Header))) + " |");
        output.WriteLine("|" + string.Concat(table.Columns.Select(c => c.Numeric ? "---:|" : "---|")));
        foreach (IReadOnlyList<string> row in table.Rows)
        {
            output.WriteLine("| " + string.Join(" | ", row.Select(MarkdownText.Escape)) + " |");
        }

        output.WriteLine();
        if (table.Note is not null)
        {
            output.WriteLine(MarkdownText.Escape(table.Note));
            output.WriteLine();
        }
    }

    private static void WriteVerdicts(TextWriter output, ReportAnalysis analysis)
    {
        if (analysis.Pairs.Count == 0)
        {
            return;
        }

        output.WriteLine("## Verdicts");
        output.WriteLine();
        output.WriteLine(analysis.PairsText + " Rate ratio: A's hits per op over B's (with crash figures and on BUG = reboot: crashes per op at risk, then " +
                         "boots with a root-cause hit per op), exact conditional binomial test (two-sided p). " +
                         "Throughput: A relative to B, delta-method interval on the ratio of per-round means.");
        output.WriteLine();
        WriteTextBlock(output, string.Join("\n", analysis.Pairs.Select(p => p.Verdict)));
    }

    /// <summary>A fenced <c>text</c> code block holding <paramref name="body"/>, then a blank line.</summary>
    private static void WriteTextBlock(TextWriter output, string body)
    {
        string fence = MarkdownText.FenceFor(body);
        output.WriteLine(fence + "text");
        output.WriteLine(body);
        output.WriteLine(fence);
        output.WriteLine();
    }

    private static void WriteCrashRecords(TextWriter output, IReadOnlyList<CrashDigest> digests)
    {
        if (digests.Count == 0)
        {
            return;
        }

        output.WriteLine("## Crash records");
        output.WriteLine();
        foreach (CrashDigest d in digests)
        {
            CrashRecordSummary first = d.First;
            output.WriteLine($"### {MarkdownText.Escape(d.Invariant)}");
            output.WriteLine();
            output.WriteLine($"{NumberFormat.Count(d.Count)} record(s) on {MarkdownText.Escape(string.Join(", ", d.Patches))}. " +
                             $"First: patch {MarkdownText.Escape(first.Patch)}, thread {first.Thread.ToString(CultureInfo.InvariantCulture)}, " +
                             $"at {NumberFormat.Seconds(first.TimeSeconds)}.");
            output.WriteLine();
            if (first.Dentry.Count > 0)
            {
                output.WriteLine("| Dentry field | Value |");
                output.WriteLine("|---|---|");
                foreach ((string key, string value) in first.Dentry)
                {
                    output.WriteLine($"| {MarkdownText.Escape(key)} | {MarkdownText.Escape(value)} |");
                }

                output.WriteLine();
            }

            if (first.Events.Count > 0)
            {
                WriteTextBlock(output, string.Join("\n", first.Events.Select(e => e.ReplaceLineEndings(" "))));
            }
        }
    }
}
