// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;
using DcacheStress.Reports.Statistics;
using DcacheStress.Reports.Tables;

namespace DcacheStress.Reports.Html;

/// <summary>
/// Writes <c>report.html</c>: one self-contained page (Chart.js, styles, script and data all
/// inline; no network access) with the verdicts, charts, tables and crash-record summaries.
/// Tables are rendered here, so the page reads even with scripts off; charts are drawn by
/// report.js from the inline JSON.
/// </summary>
public static class HtmlReportWriter
{
    public static void WriteFile(RunReport report, string path) =>
        ReportText.ToFile(path, writer => Write(report, writer));

    public static string ToHtml(RunReport report) =>
        ReportText.ToText(writer => Write(report, writer));

    public static void Write(RunReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        Write(report, ReportAnalyzer.Analyze(report), output);
    }

    public static void Write(RunReport report, ReportAnalysis analysis, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(output);
        output.NewLine = "\n";
        var colors = report.Patches.Select((p, i) => (p.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var page = new HtmlPageBuilder(output, colors);
        page.Head(report);
        page.Verdicts(analysis);
        page.Charts(report.Sweep is { Count: > 0 });
        page.Table(ReportTableBuilder.Patches(analysis), patchColumn: 0);
        page.Table(CrashTable.Build(analysis), patchColumn: 0);
        page.Table(ReportTableBuilder.HitsByInvariant(report), patchHeaders: true);
        page.Table(ReportTableBuilder.Observations(report), patchHeaders: true);
        foreach (var table in ReportTableBuilder.RaceWindows(report))
            page.Table(table);
        page.Table(ReportTableBuilder.Sweep(report));
        page.CrashRecords(CrashDigest.From(report.CrashRecords));
        page.Table(ReportTableBuilder.Sources(report));
        page.Table(ReportTableBuilder.Options(report));
        page.Tail(ChartPayload.Build(report, analysis));
    }
}
