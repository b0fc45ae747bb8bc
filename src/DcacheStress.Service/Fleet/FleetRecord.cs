// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DcacheStress.Service.Fleet;

/// <summary><c>fleet.json</c>: what <c>fleet submit</c> wrote and submitted, for <c>fleet status</c> and people.</summary>
public sealed record FleetRecord
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>stress or explore (records before it have none: stress).</summary>
    public string Mode { get; init; } = "stress";

    public string Engine { get; init; } = "slurm";

    public string Name { get; init; } = "";

    public int Tasks { get; init; }

    public int CpusPerTask { get; init; }

    public DateTimeOffset SubmittedUtc { get; init; }

    public string HarnessVersion { get; init; } = ServiceVersion.Informational;

    public IReadOnlyList<string> Harness { get; init; } = [];

    public IReadOnlyList<string> StressArgs { get; init; } = [];

    /// <summary>Slurm array job id (the fleet id of every task), or null before submission / under Kubernetes.</summary>
    public string? ArrayJobId { get; init; }

    public string? MergeJobId { get; init; }

    /// <summary>Files written (scripts or manifests).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    public void Save(string path)
    {
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(this, s_json) + "\n");
        File.Move(tmp, path, overwrite: true);
    }

    public static FleetRecord? TryLoad(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<FleetRecord>(File.ReadAllText(path), s_json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
