// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;

namespace DcacheStress.Reports.Model;

/// <summary>
/// Who wrote a report, read from its <c>options</c> (run_id, host, labels, fleet; the service
/// writes them, older reports have none) so that <c>compare</c> can refuse a run given twice and
/// check that a fleet is complete.
/// </summary>
/// <param name="RunId">The process's run id, or null for an older report.</param>
/// <param name="Host">The host it ran on, or null.</param>
/// <param name="FleetId">The fleet it was a task of, or null.</param>
/// <param name="TaskIndex">Its task index, or null.</param>
/// <param name="TaskCount">Tasks in its fleet, or null when unknown.</param>
/// <param name="EndReason">Why the run ended (duration, signal, first-hit, ...), or null.</param>
/// <param name="Build">The harness build (service_version, with the commit), or the report version.</param>
public sealed record ReportIdentity(string? RunId, string? Host, string? FleetId, int? TaskIndex, int? TaskCount, string? EndReason, string Build)
{
    /// <summary>Option keys of the identity: not carried into a merged report, which is not one run.</summary>
    public static IReadOnlyList<string> OptionKeys { get; } = ["run_id", "host", "labels", "fleet"];

    /// <summary>The user's labels (<c>--label</c>).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The identity in <paramref name="report"/>'s options.</summary>
    public static ReportIdentity Of(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Dictionary<string, JsonElement> o = report.Options.Other ?? [];
        string? fleetId = null;
        int? index = null;
        int? count = null;
        if (o.TryGetValue("fleet", out JsonElement f) && f.ValueKind == JsonValueKind.Object)
        {
            fleetId = Str(f, "fleet_id");
            index = Int(f, "task_index");
            count = Int(f, "task_count");
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (o.TryGetValue("labels", out JsonElement l) && l.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty p in l.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String)
                    labels[p.Name] = p.Value.GetString()!;
            }
        }
        return new ReportIdentity(
            Str(o, "run_id"), Str(o, "host"), fleetId, index, count, Str(o, "end_reason"),
            Str(o, "service_version") ?? report.Version)
        {
            Labels = labels,
        };
    }

    /// <summary>The identity of one input of a merged report.</summary>
    public static ReportIdentity Of(ReportSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ReportIdentity(source.RunId, source.Host, source.FleetId, source.TaskIndex, source.TaskCount, source.EndReason, source.Build ?? "?");
    }

    private static string? Str(Dictionary<string, JsonElement> o, string key) =>
        o.TryGetValue(key, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Str(JsonElement o, string key) =>
        o.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement o, string key) =>
        o.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : null;
}
