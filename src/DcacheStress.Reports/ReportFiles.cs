// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Html;
using DcacheStress.Reports.Json;
using DcacheStress.Reports.Markdown;
using DcacheStress.Reports.Model;
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports;

/// <summary>The three report files of a run, written side by side.</summary>
public static class ReportFiles
{
    public const string JsonName = "report.json";
    public const string MarkdownName = "report.md";
    public const string HtmlName = "report.html";

    /// <summary>
    /// Writes report.json, report.md and report.html into <paramref name="outDir"/>; the verdicts
    /// of <paramref name="pairs"/> (default: the choice stored in the report).
    /// </summary>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> WriteAll(RunReport report, string outDir, PairSelection? pairs = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(outDir);
        Directory.CreateDirectory(outDir);
        ReportAnalysis analysis = ReportAnalyzer.Analyze(report, selection: pairs);
        string json = Path.Combine(outDir, JsonName);
        string md = Path.Combine(outDir, MarkdownName);
        string html = Path.Combine(outDir, HtmlName);
        ReportJson.Save(report, json);
        ReportText.ToFile(md, writer => MarkdownReportWriter.Write(report, analysis, writer));
        ReportText.ToFile(html, writer => HtmlReportWriter.Write(report, analysis, writer));

        return [json, md, html];
    }
}
