// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text.RegularExpressions;
using DcacheStress.Reports.Html;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Tests;

/// <summary>
/// Renders report.html in headless Chromium: the charts must actually draw (a script error
/// leaves no #render-ok marker), and the screenshot must show them. The rendered page and the
/// screenshot stay in bin/.../render/ for a person to look at.
/// </summary>
public sealed class ChromiumRenderTests
{
    private static readonly string RenderDir = Path.Combine(AppContext.BaseDirectory, "render");

    [Fact]
    public void Screenshot_RealisticReport_ShowsChartsInPatchColours()
    {
        string chromium = Chromium.Locate();
        string html = WritePage("report.html", HtmlReportWriter.ToHtml(SampleReports.Realistic()));
        string png = Path.Combine(RenderDir, "report.png");
        File.Delete(png);

        Chromium.Screenshot(chromium, html, png, 1400, 900);
        PngImage image = PngImage.Load(png);

        Assert.Equal((1400, 900), (image.Width, image.Height));
        // Legend boxes and lines are drawn in the exact patch colours (--p0, --p1 in report.css).
        Assert.True(image.Count(0x4e79a7) > 100, $"too few v4.7-rc6 pixels ({image.Count(0x4e79a7)}) in {png}");
        Assert.True(image.Count(0xe15759) > 100, $"too few viro-2016-07-03 pixels ({image.Count(0xe15759)}) in {png}");
        Assert.True(image.DistinctColors() > 200, $"screenshot {png} looks blank ({image.DistinctColors()} colours)");
    }

    [Fact]
    public void DumpDom_RealisticReport_DrawsEveryChartAndSetsRenderMarker()
    {
        ProcessResult result = RenderDom("report-dom.html", HtmlReportWriter.ToHtml(SampleReports.Realistic()));

        Assert.Contains("<div id=\"render-ok\" hidden=\"\" data-charts=\"5\">", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(5, Occurrences.Count(result.Stdout, "<canvas role=\"img\""));
        Assert.DoesNotContain("<div id=\"render-error\"", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Uncaught", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DumpDom_ReportWithoutTimelineOrSweep_ShowsEmptyStatesAndMarker()
    {
        ProcessResult result = RenderDom("report-small.html", HtmlReportWriter.ToHtml(SampleReports.Small()));

        Assert.Contains("<div id=\"render-ok\" hidden=\"\" data-charts=\"2\">", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, Occurrences.Count(result.Stdout, "<div class=\"chart-empty\">No timeline samples in this report.</div>"));
        Assert.Equal(2, Occurrences.Count(result.Stdout, "<canvas role=\"img\""));
    }

    [Fact]
    public void DumpDom_ThroughputWithANearlyIdleInterval_ValueAxesStayAtOrAboveZero()
    {
        // One half-second interval at 2 ops/s next to ~2M ops/s ones: Chart.js's 10% grace below
        // the data reached about -400k (the report showed a throughput axis down to -2k).
        RunReport report = SampleReports.Realistic();
        var timeline = (List<TimelineSample>)report.Timeline!;
        TimelineSample first = timeline.First(s => s.Patch == report.Patches[0].Name);
        TimelineSample slow = new() { TSeconds = first.TSeconds + 0.5, Patch = first.Patch, Ops = first.Ops + 1, Hits = first.Hits };
        timeline.Insert(timeline.IndexOf(first) + 1, slow);

        ProcessResult result = RenderDom("report-idle-interval.html", HtmlReportWriter.ToHtml(report));

        var mins = Regex.Matches(result.Stdout, "data-y-min=\"([^\"]*)\"")
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, mins.Count);
        Assert.All(mins, m => Assert.True(m >= 0, $"a value axis starts at {m}"));
    }

    [Fact]
    public void DumpDom_BrokenChartData_ShowsErrorInsteadOfMarker()
    {
        string good = HtmlReportWriter.ToHtml(SampleReports.Small());
        string broken = good.Replace("id=\"report-data\">{", "id=\"report-data\">{oops", StringComparison.Ordinal);
        Assert.NotEqual(good, broken);

        ProcessResult result = RenderDom("report-broken.html", broken);

        Assert.DoesNotContain("<div id=\"render-ok\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("<div id=\"render-error\">Charts failed to render:", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Occurrences.Count(result.Stdout, "<canvas role=\"img\""));
    }

    /// <summary>Writes <paramref name="html"/> as render/<paramref name="name"/> and returns Chromium's dump of the DOM it builds.</summary>
    private static ProcessResult RenderDom(string name, string html) =>
        Chromium.DumpDom(Chromium.Locate(), WritePage(name, html));

    private static string WritePage(string name, string html)
    {
        Directory.CreateDirectory(RenderDir);
        string path = Path.Combine(RenderDir, name);
        File.WriteAllText(path, html);
        return path;
    }
}
