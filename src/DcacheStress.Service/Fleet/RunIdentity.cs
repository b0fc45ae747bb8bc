// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text.Json;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// Who wrote a report: a fresh <see cref="RunId"/> per process, the host, the user's labels and,
/// inside a fleet, the task's <see cref="FleetContext"/>. It goes into report.json (options
/// run_id, host, labels, fleet), checkpoint.json, crash records, <c>dcache_run_info</c>, the
/// file_sd target and the OpenTelemetry resource, so that every figure can be traced to one
/// process of one task, and <c>compare</c> can refuse a report given twice.
/// </summary>
public sealed record RunIdentity
{
    /// <summary>A fresh id per process (UUID version 7: sorts by start time).</summary>
    public required string RunId { get; init; }

    /// <summary>The host name the process ran on.</summary>
    public required string Host { get; init; }

    /// <summary>The user's labels (<c>--label key=value</c>).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The task's place in its fleet; null for a run on its own.</summary>
    public FleetContext? Fleet { get; init; }

    /// <summary>
    /// OpenTelemetry's <c>service.instance.id</c>: <c>fleet/task</c> inside a fleet (stable across a
    /// requeue of the task), the run id otherwise.
    /// </summary>
    public string InstanceId => InstanceIdOverride ?? DefaultInstanceId;

    /// <summary>A service.instance.id the user gave in OTEL_RESOURCE_ATTRIBUTES (it wins), or null.</summary>
    public string? InstanceIdOverride { get; init; }

    private string DefaultInstanceId => Fleet is { } f ? string.Create(CultureInfo.InvariantCulture, $"{f.FleetId}/{f.TaskIndex}") : RunId;

    /// <summary>The identity of this process before any options are applied.</summary>
    public static RunIdentity ForThisProcess() => new() { RunId = NewRunId(), Host = HostName() };

    /// <summary>A new run id.</summary>
    public static string NewRunId() => Guid.CreateVersion7().ToString();

    /// <summary>This machine's name (as <c>hostname -s</c> prints it).</summary>
    public static string HostName()
    {
        string name = Environment.MachineName;
        return string.IsNullOrWhiteSpace(name) ? "localhost" : name;
    }

    /// <summary>The fleet block of report.json, checkpoints and crash records (null outside a fleet).</summary>
    public Dictionary<string, object?>? FleetBlock() => Fleet is not { } f ? null : new Dictionary<string, object?>
    {
        ["engine"] = FleetEngineNames.Name(f.Engine),
        ["fleet_id"] = f.FleetId,
        ["task_index"] = f.TaskIndex,
        ["task_count"] = f.TaskCount,
        ["base_seed"] = f.BaseSeed,
        ["task_seed"] = f.TaskSeed,
    };

    /// <summary>The identity as one JSON object: run_id, host, labels, fleet.</summary>
    public Dictionary<string, object?> ToJsonObject() => new()
    {
        ["run_id"] = RunId,
        ["host"] = Host,
        ["labels"] = Labels,
        ["fleet"] = FleetBlock(),
    };

    /// <summary>report.json <c>options</c> entries (the schema keeps unknown option keys, so older readers ignore them).</summary>
    public Dictionary<string, JsonElement> ReportFields() =>
        ToJsonObject().ToDictionary(kv => kv.Key, kv => JsonSerializer.SerializeToElement(kv.Value), StringComparer.Ordinal);

    /// <summary>
    /// The configuration values that give a resumed run (<c>--resume</c>) the same identity inputs:
    /// labels, the fleet's options, and the base seed in place of the task seed (the task seed is
    /// derived again).
    /// </summary>
    public Dictionary<string, string> CheckpointOptions()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Labels.Count > 0)
            map["Label"] = RunLabels.Format(Labels);
        if (Fleet is { } f)
        {
            CultureInfo c = CultureInfo.InvariantCulture;
            map["Seed"] = f.BaseSeed.ToString(c);
            map["FleetId"] = f.FleetId;
            map["TaskIndex"] = f.TaskIndex.ToString(c);
            if (f.TaskCount is int n)
                map["TaskCount"] = n.ToString(c);
        }
        return map;
    }

    /// <summary>
    /// Labels for Prometheus (the file_sd target, <c>dcache_run_info</c>): the user's labels, then
    /// host, run_id and, inside a fleet, fleet_id, fleet_task and fleet_engine.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> PrometheusLabels()
    {
        foreach (KeyValuePair<string, string> kv in Labels)
            yield return kv;
        yield return new("host", Host);
        yield return new("run_id", RunId);
        if (Fleet is { } f)
        {
            yield return new("fleet_id", f.FleetId);
            yield return new("fleet_task", f.TaskIndex.ToString(CultureInfo.InvariantCulture));
            yield return new("fleet_engine", FleetEngineNames.Name(f.Engine));
        }
    }

    /// <summary>
    /// OpenTelemetry resource attributes besides service.*: host.name, dcachestress.run_id, the
    /// fleet's (fleet.id, fleet.task, fleet.task_count, fleet.engine) and the labels as
    /// <c>label.key</c>.
    /// </summary>
    public IEnumerable<KeyValuePair<string, object>> ResourceAttributes()
    {
        yield return new("host.name", Host);
        yield return new("dcachestress.run_id", RunId);
        if (Fleet is { } f)
        {
            yield return new("fleet.id", f.FleetId);
            yield return new("fleet.task", (long)f.TaskIndex);
            if (f.TaskCount is int n)
                yield return new("fleet.task_count", (long)n);
            yield return new("fleet.engine", FleetEngineNames.Name(f.Engine));
        }
        foreach (KeyValuePair<string, string> kv in Labels)
            yield return new("label." + kv.Key, kv.Value);
    }
}
