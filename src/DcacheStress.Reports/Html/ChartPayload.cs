// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DcacheStress.Reports.Model;
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports.Html;

/// <summary>
/// The inline JSON that report.js draws from. Written with the default JavaScript encoder, which
/// escapes &lt; &gt; &amp; ' and non-ASCII as \uXXXX, so no data can close the script element.
/// </summary>
internal static class ChartPayload
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.Default,
        WriteIndented = false,
    };

    public static string Build(RunReport report, ReportAnalysis analysis)
    {
        var patches = new JsonArray();
        foreach ((PatchResult patch, PatchStatistics stats) in report.Patches.Zip(analysis.Patches))
        {
            FirstHitSummary f = stats.FirstHit;
            patches.Add(new JsonObject
            {
                ["name"] = patch.Name,
                ["rounds"] = new JsonArray([.. patch.Rounds.Select(r => (JsonNode)new JsonObject
                {
                    ["index"] = r.Index,
                    ["ops_per_second"] = Number(r.ActiveSeconds > 0 ? r.Ops / r.ActiveSeconds : double.NaN),
                    ["hits"] = r.Hits,
                    ["first_hit_seconds"] = Number(r.FirstHitSeconds),
                })]),
                ["first_hit"] = new JsonObject
                {
                    ["rounds_with_hit"] = f.RoundsWithHit,
                    ["total_rounds"] = f.TotalRounds,
                    ["seconds"] = new JsonArray([.. f.Seconds.Select(s => Number(s))]),
                    ["median"] = Number(f.Median),
                    ["min"] = Number(f.Min),
                    ["q1"] = Number(f.LowerQuartile),
                    ["q3"] = Number(f.UpperQuartile),
                    ["max"] = Number(f.Max),
                },
            });
        }

        var root = new JsonObject
        {
            ["level"] = analysis.Level,
            ["patches"] = patches,
            ["timeline"] = report.Timeline is null ? null : new JsonArray([.. report.Timeline.Select(s => (JsonNode)new JsonObject
            {
                ["t_seconds"] = Number(s.TSeconds),
                ["patch"] = s.Patch,
                ["ops"] = s.Ops,
                ["hits"] = s.Hits,
            })]),
            ["sweep"] = report.Sweep is null ? null : new JsonArray([.. report.Sweep.Select(r => (JsonNode)new JsonObject
            {
                ["impl"] = r.Impl,
                ["threads"] = r.Threads,
                ["churn"] = Number(r.Churn),
                ["ops_per_second"] = Number(r.OpsPerSecond),
                ["linear"] = Number(r.Linear),
                ["efficiency"] = Number(r.Efficiency),
            })]),
        };
        return root.ToJsonString(Options);
    }

    // JSON has no NaN or infinity: those become null, which the charts skip.
    private static JsonNode? Number(double? value) =>
        value is double v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
