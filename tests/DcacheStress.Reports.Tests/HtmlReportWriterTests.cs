// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using System.Text.RegularExpressions;
using DcacheStress.Reports.Html;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Tests;

public sealed partial class HtmlReportWriterTests
{
    private readonly string _html = HtmlReportWriter.ToHtml(SampleReports.Realistic());

    [Fact]
    public void ToHtml_Realistic_LoadsNothingFromTheNetwork()
    {
        Assert.DoesNotMatch(RemoteReference(), _html);
        Assert.DoesNotMatch(ExternalScript(), _html);
        Assert.StartsWith("<!DOCTYPE html>", _html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_Realistic_InlinesChartJsAndTheChartScript()
    {
        Assert.Contains("* Chart.js v4.6.1", _html, StringComparison.Ordinal);
        Assert.Contains("Released under the MIT License", _html, StringComparison.Ordinal);
        Assert.Contains("id = 'render-ok'", _html, StringComparison.Ordinal);
        Assert.Equal(5, Occurrences.Count(_html, "class=\"chart-box\""));
    }

    [Fact]
    public void ToHtml_Realistic_EmbedsChartDataAsParsableJson()
    {
        Match m = DataScript().Match(_html);
        Assert.True(m.Success, "no #report-data script");

        using JsonDocument data = JsonDocument.Parse(m.Groups[1].Value);
        JsonElement patches = data.RootElement.GetProperty("patches");
        Assert.Equal(4, patches.GetArrayLength());
        Assert.Equal("v4.7-rc6", patches[0].GetProperty("name").GetString());
        Assert.Equal(4 * 241, data.RootElement.GetProperty("timeline").GetArrayLength());
        Assert.Equal(12, data.RootElement.GetProperty("sweep").GetArrayLength());
    }

    [Fact]
    public void ToHtml_Realistic_HasVerdictsTablesSweepAndCrashTrail()
    {
        Assert.Contains("<li class=\"signif\">v4.7-rc6 vs v4.7: hits ", _html, StringComparison.Ordinal);
        Assert.Contains("<h2>Patches</h2>", _html, StringComparison.Ordinal);
        Assert.Contains("<h2>Hits by invariant</h2>", _html, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"sweep\"", _html, StringComparison.Ordinal);
        Assert.Contains("<li>T5 d_splice_alias(inode 0x2a, #4711): BUG_ON(!d_unhashed(dentry))</li>", _html, StringComparison.Ordinal);
        Assert.Contains("lookup_fast(dir0, &quot;f13&quot;) -&gt; negative dentry", _html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_HostileNames_AreEscapedInMarkupAndData()
    {
        const string evil = "</script><script>alert(1)</script><img src=x onerror=alert(2)>";
        RunReport hostile = SampleReports.SmallWithFirstPatch(
            SampleReports.Patch(evil, SampleReports.Round(0, 1000, hits: 1)),
            workload: evil,
            crashRecords:
            [
                new() { Invariant = evil, Patch = evil, Thread = 1, TimeSeconds = 1, Dentry = new Dictionary<string, string> { [evil] = evil }, Events = [evil] },
            ]);

        string html = HtmlReportWriter.ToHtml(hostile);

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/script&gt;&lt;script&gt;alert(1)", html, StringComparison.Ordinal);
        Assert.Contains("\\u003C/script\\u003E", html, StringComparison.Ordinal);
        Assert.Equal(3, Occurrences.Count(html, "<script"));
    }

    [Fact]
    public void ToHtml_NoTimelineNoSweep_StillHasChartContainersButNoSweep()
    {
        string html = HtmlReportWriter.ToHtml(SampleReports.Small());

        Assert.Contains("data-chart=\"throughput\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-chart=\"sweep\"", html, StringComparison.Ordinal);
        Assert.Contains("\"timeline\":null", html, StringComparison.Ordinal);
    }

    // A src or href attribute that points off the page (http:, https:, or protocol-relative).
    [GeneratedRegex(@"(?:src|href)\s*=\s*[""']?\s*(?:https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteReference();

    [GeneratedRegex(@"<script[^>]*\bsrc\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalScript();

    [GeneratedRegex(@"<script type=""application/json"" id=""report-data"">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataScript();
}
