// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using System.Text.Json.Serialization;
using DcacheStress.Service.Fleet;
using DcacheStress.Workload.Explore;

namespace DcacheStress.Service.Explore;

/// <summary>
/// <c>explore.json</c>: what one explore run (or one fleet task of it) did, with its identity, so that
/// the tasks of a fleet merge (<see cref="ExploreMerge"/>) as stress reports do. Written by
/// <c>explore --report-dir DIR</c>; the schedule of a finding lies beside it.
/// </summary>
public sealed record ExploreReport
{
    /// <summary>The file name in a report directory.</summary>
    public const string FileName = "explore.json";

    /// <summary>The schedule file's name in a report directory.</summary>
    public const string ScheduleFileName = "explore.schedule.json";

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Always "explore" (tells it from a stress report.json).</summary>
    public string Kind { get; init; } = "explore";

    public string Version { get; init; } = ServiceVersion.Informational;

    public required string RunId { get; init; }

    public required string Host { get; init; }

    public DateTimeOffset FinishedUtc { get; init; }

    /// <summary>Fleet id, task index and count, or null for a run on its own.</summary>
    public ExploreFleetBlock? Fleet { get; init; }

    public required string Patch { get; init; }

    public required string Filesystem { get; init; }

    /// <summary>The fixed scenario, or null for generated programs.</summary>
    public string? Scenario { get; init; }

    /// <summary>The op mix of generated programs (null with a scenario).</summary>
    public string? Workload { get; init; }

    public required string Strategy { get; init; }

    /// <summary>Where change points and preemptions go: "sites" or "all" (null: a report from before <c>--points</c>, all).</summary>
    public string? Points { get; init; }

    /// <summary>Generated programs' shape: "mix" or "race" (null with a scenario, or a report from before <c>--shape</c>).</summary>
    public string? Shape { get; init; }

    public int Depth { get; init; }

    public int Threads { get; init; }

    public int Ops { get; init; }

    public int Names { get; init; }

    public int PerScenario { get; init; }

    public ulong Seed { get; init; }

    public int Jobs { get; init; }

    /// <summary>"hit", "budget" (executions or time spent) or "signal" (stopped early).</summary>
    public required string EndReason { get; init; }

    public long Executions { get; init; }

    public long Programs { get; init; }

    public long Deadlocks { get; init; }

    public long StepLimits { get; init; }

    public long Faults { get; init; }

    /// <summary>
    /// PCT's k: the most candidate points (<see cref="Points"/>) in one execution; with "all" (and in
    /// reports from before <c>--points</c>) every scheduling step.
    /// </summary>
    public long MaxSteps { get; init; }

    public long MaxExecutionsPerProgram { get; init; }

    public double Seconds { get; init; }

    public ExploreFindingBlock? Finding { get; init; }

    /// <summary>Write to <paramref name="path"/> atomically (tmp + rename).</summary>
    public void Save(string path)
    {
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(this, s_json) + "\n");
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Read <paramref name="path"/>; null with one line why in <paramref name="error"/>.</summary>
    public static ExploreReport? Load(string path, out string? error)
    {
        error = null;
        try
        {
            var r = JsonSerializer.Deserialize<ExploreReport>(File.ReadAllText(path), s_json);
            if (r is null || r.Kind != "explore")
                error = $"{path}: not an explore report (kind '{r?.Kind}')";
            return error is null ? r : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            error = $"{path}: {e.Message.Split('\n')[0]}";
            return null;
        }
    }

    /// <summary>The report of <paramref name="result"/> run with <paramref name="options"/>.</summary>
    public static ExploreReport From(ExploreOptions options, ExploreResult result, RunIdentity identity, bool stopped, string? scheduleFile)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(identity);
        return new ExploreReport
        {
            RunId = identity.RunId,
            Host = identity.Host,
            FinishedUtc = DateTimeOffset.UtcNow,
            Fleet = identity.Fleet is { } f ? new ExploreFleetBlock(f.FleetId, f.TaskIndex, f.TaskCount, FleetEngineNames.Name(f.Engine)) : null,
            Patch = options.Patch.Name,
            Filesystem = options.Patch.Filesystem.name,
            Scenario = options.Scenario?.Name,
            Workload = options.Scenario is null ? DcacheStress.Workload.WorkloadNames.Name(options.Workload) : null,
            Strategy = options.Strategy,
            Points = ChangePointSet.Name(options.Points),
            Shape = options.Scenario is null ? ProgramShapes.Name(options.Shape) : null,
            Depth = options.Depth,
            Threads = result.Threads,
            Ops = options.Ops,
            Names = options.Names,
            PerScenario = options.PerProgram,
            Seed = options.Seed,
            Jobs = options.Jobs,
            EndReason = result.Finding is not null ? "hit" : stopped ? "signal" : "budget",
            Executions = result.Executions,
            Programs = result.Programs,
            Deadlocks = result.Deadlocks,
            StepLimits = result.StepLimits,
            Faults = result.Faults,
            MaxSteps = result.MaxK,
            MaxExecutionsPerProgram = result.MaxExecutionsPerProgram,
            Seconds = result.Seconds,
            Finding = result.Finding is { } hit
                ? new ExploreFindingBlock(hit.Invariant, hit.Program.Name, hit.Execution, hit.Seconds, hit.ShrunkProgram.OpCount,
                    hit.ShrunkSwitches.Count(s => s.Preemption), scheduleFile)
                : null,
        };
    }
}

/// <summary>The fleet identity of an explore task.</summary>
public sealed record ExploreFleetBlock(string FleetId, int TaskIndex, int? TaskCount, string Engine);

/// <summary>A finding in <c>explore.json</c>: the invariant, where and when, and the schedule file (beside the report).</summary>
public sealed record ExploreFindingBlock(string Invariant, string Program, long Execution, double Seconds, int ShrunkOps, int ShrunkPreemptions, string? ScheduleFile);
