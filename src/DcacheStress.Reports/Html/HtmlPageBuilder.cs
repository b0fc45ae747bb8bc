// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Reports.Model;
using DcacheStress.Reports.Statistics;
using DcacheStress.Reports.Tables;

namespace DcacheStress.Reports.Html;

/// <summary>
/// Writes the parts of report.html in page order. Every piece of report data goes through
/// <see cref="HtmlText.Encode"/> (markup) or the JSON encoder (<see cref="ChartPayload"/>).
/// </summary>
internal sealed class HtmlPageBuilder(TextWriter output, IReadOnlyDictionary<string, int> patchColors)
{
    private static readonly (string Id, string Title, string Caption)[] ChartFigures =
    [
        ("throughput", "Throughput over time", "Ops/s of each patch between timeline samples; gaps are the other patches' rounds."),
        ("hits", "Invariant hits over time", "Cumulative invariant hits of each patch."),
        ("rounds", "Throughput per round", "Ops/s of every round; the Patches table gives the mean with its confidence interval."),
        ("first-hit", "Time to first hit", "Seconds into each round that hit. Box: quartiles; bar: median; whiskers: min and max."),
    ];

    public void Head(RunReport report)
    {
        string title = $"DcacheStress report — {report.Workload} — {string.Join(", ", report.Patches.Select(p => p.Name))}";
        output.WriteLine("<!DOCTYPE html>");
        output.WriteLine("<html lang=\"en\">");
        output.WriteLine("<head>");
        output.WriteLine("<meta charset=\"utf-8\">");
        output.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        output.WriteLine("<meta name=\"generator\" content=\"DcacheStress.Reports\">");
        output.WriteLine($"<title>{E(title)}</title>");
        output.WriteLine($"<style>\n{HtmlAssets.Css.Replace("</style", "<\\/style", StringComparison.OrdinalIgnoreCase)}</style>");
        output.WriteLine("</head>");
        output.WriteLine("<body>");
        output.WriteLine("<header class=\"top\">");
        output.WriteLine($"<h1>DcacheStress report <span class=\"wl\">· {E(report.Workload)}</span></h1>");
        output.WriteLine("<dl class=\"meta\">");
        foreach ((string label, string text) in RunHeader.Lines(report))
        {
            output.WriteLine($"<dt>{E(label)}</dt><dd>{E(text)}</dd>");
        }

        output.WriteLine("</dl>");
        output.WriteLine("</header>");
        output.WriteLine("<main>");
    }

    public void Verdicts(ReportAnalysis analysis)
    {
        if (analysis.Pairs.Count == 0)
        {
            return;
        }

        output.WriteLine("<section class=\"card\" id=\"verdicts\">");
        output.WriteLine("<h2>Verdicts</h2>");
        output.WriteLine("<ul class=\"verdicts\">");
        foreach (PairComparison pair in analysis.Pairs)
        {
            string cls = (pair.AdjustedPValue ?? pair.Primary?.PValue) < 0.05 ? " class=\"signif\"" : string.Empty;
            output.WriteLine($"<li{cls}>{E(pair.Verdict)}</li>");
        }

        output.WriteLine("</ul>");
        output.WriteLine($"<p class=\"note\">{E(analysis.PairsText)} Rate ratio: A's invariant hits per operation over B's (with crash figures and on BUG = reboot: " +
                         "crashes per operation at risk, then boots with a root-cause hit), exact conditional binomial test " +
                         "(two-sided p); a blue bar marks hit rates that differ at p &lt; 0.05. Throughput: A relative to B, " +
                         $"{E(ReportTableBuilder.LevelText(analysis.Level))} interval by the delta method on the ratio of per-round means.</p>");
        output.WriteLine("</section>");
    }

    public void Charts(bool withSweep)
    {
        output.WriteLine("<section class=\"charts\">");
        foreach ((string id, string title, string caption) in ChartFigures)
        {
            Figure(id, title, caption, wide: false);
        }

        if (withSweep)
        {
            Figure("sweep", "Scaling sweep", "Ops/s by thread count; dashed lines: linear scaling from one thread.", wide: true);
        }

        output.WriteLine("</section>");
    }

    public void Table(ReportTable? table, int patchColumn = -1, bool patchHeaders = false)
    {
        if (table is null)
        {
            return;
        }

        output.WriteLine($"<section class=\"card\" id=\"{Slug(table.Title)}\">");
        output.WriteLine($"<h2>{E(table.Title)}</h2>");
        output.WriteLine("<div class=\"table-wrap\"><table>");
        output.Write("<thead><tr>");
        foreach (TableColumn c in table.Columns)
        {
            string swatch = patchHeaders && c.Numeric ? Swatch(c.Header) : string.Empty;
            output.Write($"<th{(c.Numeric ? " class=\"num\"" : string.Empty)}>{swatch}{E(c.Header)}</th>");
        }

        output.WriteLine("</tr></thead>");
        output.WriteLine("<tbody>");
        foreach (IReadOnlyList<string> row in table.Rows)
        {
            output.Write("<tr>");
            for (int i = 0; i < row.Count; i++)
            {
                bool numeric = i < table.Columns.Count && table.Columns[i].Numeric;
                string swatch = i == patchColumn ? Swatch(row[i]) : string.Empty;
                output.Write($"<td{(numeric ? " class=\"num\"" : string.Empty)}>{swatch}{E(row[i])}</td>");
            }

            output.WriteLine("</tr>");
        }

        output.WriteLine("</tbody></table></div>");
        if (table.Note is not null)
        {
            output.WriteLine($"<p class=\"note\">{E(table.Note)}</p>");
        }

        output.WriteLine("</section>");
    }

    public void CrashRecords(IReadOnlyList<CrashDigest> digests)
    {
        if (digests.Count == 0)
        {
            return;
        }

        output.WriteLine("<section class=\"card\" id=\"crash-records\">");
        output.WriteLine("<h2>Crash records</h2>");
        output.WriteLine("<p class=\"note\">The first record of each invariant: the dentry at the hit and the event trail that led to it (oldest first, the hit last).</p>");
        foreach (CrashDigest d in digests)
        {
            CrashRecordSummary first = d.First;
            output.WriteLine("<details class=\"crash\" open>");
            output.WriteLine($"<summary><span class=\"inv\">{E(d.Invariant)}</span> <span class=\"sub\">— {E(NumberFormat.Count(d.Count))} record(s) on " +
                             $"{E(string.Join(", ", d.Patches))}; first on {Swatch(first.Patch)}{E(first.Patch)}, thread " +
                             $"{first.Thread.ToString(CultureInfo.InvariantCulture)}, at {E(NumberFormat.Seconds(first.TimeSeconds))}</span></summary>");
            output.WriteLine("<div class=\"crash-body\">");
            output.WriteLine("<table class=\"dentry\"><tbody>");
            foreach ((string key, string value) in first.Dentry)
            {
                output.WriteLine($"<tr><td>{E(key)}</td><td>{E(value)}</td></tr>");
            }

            output.WriteLine("</tbody></table>");
            output.WriteLine("<ol class=\"events\">");
            foreach (string ev in first.Events)
            {
                output.WriteLine($"<li>{E(ev)}</li>");
            }

            output.WriteLine("</ol>");
            output.WriteLine("</div>");
            output.WriteLine("</details>");
        }

        output.WriteLine("</section>");
    }

    public void Tail(string chartJson)
    {
        output.WriteLine("</main>");
        output.WriteLine($"<footer>DcacheStress.Reports · charts drawn with Chart.js {HtmlAssets.ChartJsVersion} (MIT License), inlined; this page needs no network.</footer>");
        // JavaScriptEncoder.Default already escapes '<', so the JSON cannot end the element early.
        output.WriteLine($"<script type=\"application/json\" id=\"report-data\">{chartJson}</script>");
        output.WriteLine($"<script>\n{HtmlText.Script(HtmlAssets.ChartJs)}\n</script>");
        output.WriteLine($"<script>\n{HtmlText.Script(HtmlAssets.Script)}\n</script>");
        output.WriteLine("</body>");
        output.WriteLine("</html>");
    }

    private static string E(string text) => HtmlText.Encode(text);

    private static string Slug(string title) => title.ToLowerInvariant().Replace(' ', '-');

    private void Figure(string id, string title, string caption, bool wide)
    {
        output.WriteLine($"<figure class=\"card chart{(wide ? " wide" : string.Empty)}\" id=\"chart-{id}\">");
        output.WriteLine($"<h3>{E(title)}</h3>");
        output.WriteLine($"<div class=\"chart-box\" data-chart=\"{id}\" aria-label=\"{E(title)}\"></div>");
        output.WriteLine($"<figcaption>{E(caption)}</figcaption>");
        output.WriteLine("</figure>");
    }

    private string Swatch(string patch) =>
        patchColors.TryGetValue(patch, out int i)
            ? $"<span class=\"swatch\" style=\"background:var(--p{(i % 10).ToString(CultureInfo.InvariantCulture)})\"></span>"
            : string.Empty;
}
