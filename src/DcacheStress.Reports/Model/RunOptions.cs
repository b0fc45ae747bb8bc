// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DcacheStress.Reports.Model;

/// <summary>
/// The options a run was started with. The settings that <c>compare</c> checks are typed; any
/// other option is kept in <see cref="Other"/> so it round-trips and shows in the report header.
/// </summary>
public sealed class RunOptions
{
    public string? Workload { get; init; }

    public int? Threads { get; init; }

    public double? DurationSeconds { get; init; }

    public double? RoundSeconds { get; init; }

    public bool? RaceWindows { get; init; }

    public ulong? Seed { get; init; }

    public IReadOnlyList<string>? Patches { get; init; }

    public string? MetricsUrl { get; init; }

    /// <summary>Every option not named above (snake_case keys, raw JSON values).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }
}
