// SPDX-License-Identifier: GPL-2.0-only
using System.Reflection;

namespace DcacheStress.Reports.Html;

/// <summary>The files inlined into report.html (embedded resources of this assembly).</summary>
internal static class HtmlAssets
{
    /// <summary>Vendored Chart.js (UMD build, MIT); version recorded in README.md.</summary>
    public const string ChartJsVersion = "4.6.1";

    private static readonly Lazy<string> ChartJsText = new(() => Read("DcacheStress.Reports.chart.umd.min.js"));
    private static readonly Lazy<string> CssText = new(() => Read("DcacheStress.Reports.report.css"));
    private static readonly Lazy<string> ScriptText = new(() => Read("DcacheStress.Reports.report.js"));

    public static string ChartJs => ChartJsText.Value;

    public static string Css => CssText.Value;

    public static string Script => ScriptText.Value;

    private static string Read(string name)
    {
        using Stream stream = typeof(HtmlAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from {typeof(HtmlAssets).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
