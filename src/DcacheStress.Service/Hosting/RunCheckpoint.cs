// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DcacheStress.Fs;
using DcacheStress.Kernel;
using DcacheStress.Service.Configuration;
using DcacheStress.Workload;

namespace DcacheStress.Service.Hosting;

/// <summary>
/// <c>checkpoint.json</c> in a run's report directory: the engine's cumulative figures
/// (<see cref="EngineCheckpoint"/>) plus the run's resolved options and seed, so that
/// <c>--resume DIR</c> continues the run after SIGKILL or power loss. Written atomically (temp
/// file, fsync, rename) every few seconds and at the end.
/// </summary>
public sealed record RunCheckpoint
{
    /// <summary>The file name in the report directory.</summary>
    public const string FileName = "checkpoint.json";

    /// <summary>Value of <see cref="Format"/>.</summary>
    public const string FormatName = "dcachestress-checkpoint";

    /// <summary>The version this build writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>JSON options of the file (snake_case, as report.json).</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Marks the file as ours.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary>Format version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>When it was written.</summary>
    public DateTimeOffset WrittenUtc { get; init; }

    /// <summary>True when the run reached its end (duration or first hit); a resume then needs a longer --duration.</summary>
    public bool Complete { get; init; }

    /// <summary>Why the run ended (null while it runs).</summary>
    public string? EndReason { get; init; }

    /// <summary>The run seed.</summary>
    public ulong Seed { get; init; }

    /// <summary>The resolved options, as configuration key → value (what --resume runs with).</summary>
    public Dictionary<string, string> Options { get; init; } = [];

    /// <summary>The engine's cumulative figures.</summary>
    public EngineCheckpoint Engine { get; init; } = new();

    /// <summary>Who wrote it: run_id, host, labels, fleet (<see cref="Fleet.RunIdentity"/>); informational, a resume gets a new run_id.</summary>
    public JsonElement? Run { get; init; }

    /// <summary>The checkpoint of <paramref name="engine"/> now, for a run with <paramref name="settings"/>.</summary>
    public static RunCheckpoint Take(StressEngine engine, StressRunSettings settings, bool complete, string? endReason) => new()
    {
        WrittenUtc = DateTimeOffset.UtcNow,
        Complete = complete,
        EndReason = endReason,
        Seed = settings.Engine.Seed,
        Options = OptionValues(settings),
        Engine = engine.Checkpoint(),
        Run = JsonSerializer.SerializeToElement(settings.Identity.ToJsonObject()),
    };

    /// <summary>The settings that reproduce <paramref name="s"/> (keys of <see cref="StressOptionCatalog"/>).</summary>
    public static Dictionary<string, string> OptionValues(StressRunSettings s)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        StressOptions o = s.Engine;
        var map = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Patch"] = string.Join(',', o.Patches),
            ["Workload"] = WorkloadNames.Name(o.Workload),
            ["Threads"] = o.Threads.ToString(c),
            ["Duration"] = Seconds(o.Duration),
            ["Round"] = Seconds(o.Round),
            ["Seed"] = o.Seed.ToString(c),
            ["RaceWindows"] = o.RaceWindows ? "on" : "off",
            ["StopOnFirstHit"] = o.StopOnFirstHit ? "true" : "false",
            ["OnBug"] = OnBugNames.Name(o.OnBug),
            ["WindowPolicy"] = WindowPolicyNames.Name(o.WindowPolicy),
            ["StopOnFirstCrash"] = o.StopOnFirstCrash ? "true" : "false",
            ["Pin"] = o.Pin ? "true" : "false",
            ["Names"] = o.Names.ToString(c),
            ["Mounts"] = o.Mounts.ToString(c),
            ["RpcLatencyNs"] = o.RpcLatencyNs.ToString(c),
            ["AttrCacheScale"] = o.AttrCacheScale.ToString("R", c),
            ["Churn"] = o.Churn.ToString("R", c),
            ["Fanout"] = o.Fanout.ToString(c),
            ["Depth"] = o.Depth.ToString(c),
            ["DHashShift"] = o.DHashShift.ToString(c),
            ["Warmup"] = Seconds(o.Warmup),
            ["Watchdog"] = Seconds(o.WatchdogTimeout),
            ["MetricsUrl"] = s.Metrics is null ? MetricsEndpoint.None : s.Metrics.ScrapeUrl(s.Metrics.Port),
            ["MetricsBindAny"] = s.Metrics is { IsLoopback: false } ? "true" : "false",
            ["CheckpointInterval"] = Seconds(s.CheckpointInterval),
            ["Soak"] = s.Soak ? "true" : "false",
            ["SoakInterval"] = Seconds(s.SoakInterval),
        };
        if (s.JsonPath is not null)
            map["Json"] = s.JsonPath;
        if (s.FileSdDir is not null)
            map["FileSdDir"] = s.FileSdDir;
        // Labels, the fleet's options, and the base seed in place of the derived task seed.
        foreach ((string key, string value) in s.Identity.CheckpointOptions())
            map[key] = value;
        return map;
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("R", CultureInfo.InvariantCulture) + "s";

    /// <summary>Write <paramref name="cp"/> into <paramref name="dir"/> atomically: a reader (or a crash) sees the old file or the new one, never a part.</summary>
    public static string Save(RunCheckpoint cp, string dir)
    {
        string path = Path.Combine(dir, FileName);
        string tmp = path + ".tmp";
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(cp, JsonOptions);
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            fs.Write(bytes);
            fs.WriteByte((byte)'\n');
            fs.Flush(flushToDisk: true); // fsync: the data is on disk before the rename makes it visible
        }
        File.Move(tmp, path, overwrite: true); // rename(2): atomic within the directory
        return path;
    }

    /// <summary>
    /// Load the checkpoint of run directory <paramref name="dir"/>; null with one line in
    /// <paramref name="error"/> (naming the file and the problem) when there is none or it is damaged.
    /// </summary>
    public static RunCheckpoint? TryLoad(string dir, out string? error)
    {
        error = null;
        if (File.Exists(dir))
        {
            error = $"'{dir}' is a file, not a run directory (allowed: the report directory of an earlier run, with its {FileName})";
            return null;
        }
        if (!Directory.Exists(dir))
        {
            error = $"'{dir}' does not exist (allowed: the report directory of an earlier run, with its {FileName})";
            return null;
        }
        string path = Path.Combine(dir, FileName);
        if (!File.Exists(path))
        {
            error = $"'{dir}' is not a stress run: it has no {FileName} (runs write one every few seconds into their report directory)";
            return null;
        }
        string Damaged(string problem) => $"{path}: damaged checkpoint: {problem}; the run cannot be resumed from it";
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: cannot read: {e.Message}";
            return null;
        }

        RunCheckpoint? cp;
        try
        {
            using (JsonDocument doc = JsonDocument.Parse(bytes))
            {
                string? shape = CheckShape(doc.RootElement);
                if (shape is not null)
                {
                    error = Damaged(shape);
                    return null;
                }
            }
            cp = JsonSerializer.Deserialize<RunCheckpoint>(bytes, JsonOptions);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long l ? string.Create(CultureInfo.InvariantCulture, $" (line {l + 1}, byte {e.BytePositionInLine + 1})") : "";
            string msg = e.Message;
            int cut = msg.IndexOf(" Path:", StringComparison.Ordinal);
            error = Damaged($"not valid JSON{where}: {(cut > 0 ? msg[..cut] : msg).Trim()}");
            return null;
        }
        if (cp is null)
        {
            error = Damaged("empty (null)");
            return null;
        }
        string? problem = CheckContent(cp);
        if (problem is not null)
        {
            error = Damaged(problem);
            return null;
        }
        return cp;
    }

    private static readonly string[] s_required = ["format", "version", "seed", "options", "engine"];
    private static readonly string[] s_engineRequired = ["version", "seed", "workload", "threads", "patches", "elapsed_seconds", "next_slot", "targets"];
    private static readonly string[] s_targetRequired = ["patch", "ops", "lookups", "seq_retries", "hits", "observations", "active_seconds", "rounds"];

    private static string? CheckShape(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return "the top level is not a JSON object";
        if (root.TryGetProperty("format", out JsonElement f) && (f.ValueKind != JsonValueKind.String || f.GetString() != FormatName))
            return $"\"format\" is not \"{FormatName}\"";
        if (root.TryGetProperty("version", out JsonElement v) && (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int ver) || ver != CurrentVersion))
            return $"version {v} is not supported (this build reads version {CurrentVersion})";
        foreach (string name in s_required)
        {
            if (!root.TryGetProperty(name, out _))
                return $"missing field \"{name}\"";
        }
        if (root.GetProperty("options").ValueKind != JsonValueKind.Object)
            return "\"options\" is not an object";
        JsonElement engine = root.GetProperty("engine");
        if (engine.ValueKind != JsonValueKind.Object)
            return "\"engine\" is not an object";
        foreach (string name in s_engineRequired)
        {
            if (!engine.TryGetProperty(name, out _))
                return $"missing field \"engine.{name}\"";
        }
        if (engine.GetProperty("targets").ValueKind != JsonValueKind.Array)
            return "\"engine.targets\" is not a list";
        int i = 0;
        foreach (JsonElement t in engine.GetProperty("targets").EnumerateArray())
        {
            if (t.ValueKind != JsonValueKind.Object)
                return string.Create(CultureInfo.InvariantCulture, $"\"engine.targets[{i}]\" is not an object");
            foreach (string name in s_targetRequired)
            {
                if (!t.TryGetProperty(name, out _))
                    return string.Create(CultureInfo.InvariantCulture, $"missing field \"engine.targets[{i}].{name}\"");
            }
            i++;
        }
        return null;
    }

    private static string? CheckContent(RunCheckpoint cp)
    {
        EngineCheckpoint e = cp.Engine;
        if (e.Version != 1)
            return string.Create(CultureInfo.InvariantCulture, $"engine version {e.Version} is not supported (this build reads 1)");
        if (e.Seed != cp.Seed)
            return string.Create(CultureInfo.InvariantCulture, $"seed {cp.Seed} and engine.seed {e.Seed} differ");
        if (e.Patches.Count == 0)
            return "no patches";
        IReadOnlyList<string> known = PatchCatalog.Names;
        foreach (string p in e.Patches)
        {
            if (!known.Contains(p))
                return $"unknown patch '{p}' (this build knows {string.Join(", ", known)})";
        }
        if (!WorkloadNames.TryParse(e.Workload, out _))
            return $"unknown workload '{e.Workload}'";
        if (e.Threads < 1)
            return string.Create(CultureInfo.InvariantCulture, $"threads {e.Threads}");
        if (!double.IsFinite(e.ElapsedSeconds) || e.ElapsedSeconds < 0 || e.NextSlot < 0)
            return "elapsed_seconds or next_slot out of range";
        if (!e.Targets.Select(t => t.Patch).SequenceEqual(e.Patches, StringComparer.Ordinal))
            return $"engine.targets ({string.Join(",", e.Targets.Select(t => t.Patch))}) do not match engine.patches ({string.Join(",", e.Patches)})";
        if (!cp.Options.TryGetValue("Patch", out string? optPatches) || optPatches != string.Join(',', e.Patches))
            return "options.Patch does not match engine.patches";
        if (!cp.Options.TryGetValue("Seed", out string? optSeed) || !Fleet.TaskSeedCheck.Matches(cp.Options, optSeed, cp.Seed))
            return "options.Seed does not match seed";
        foreach (string key in cp.Options.Keys)
        {
            if (StressOptionCatalog.FindKey(key) is null || key is "Resume" or "ReportDir" or "DebugStallWorker")
                return $"options: unexpected setting '{key}'";
        }
        var opNames = Enumerable.Range(0, OpNames.OpCount).Select(i => OpNames.Name((OpKind)i)).ToHashSet(StringComparer.Ordinal);
        var resultNames = Enumerable.Range(0, OpNames.ResultCount).Select(i => OpNames.Name((OpResult)i)).ToHashSet(StringComparer.Ordinal);
        foreach (TargetCheckpoint t in e.Targets)
        {
            if (t.Ops is null || t.Hits is null || t.Observations is null || t.Rounds is null)
                return $"{t.Patch}: a null list";
            foreach ((string key, long n) in t.Ops)
            {
                string[] parts = key.Split('/');
                if (parts.Length != 2 || !opNames.Contains(parts[0]) || !resultNames.Contains(parts[1]))
                    return $"{t.Patch}: unknown op counter '{key}'";
                if (n < 0)
                    return $"{t.Patch}: negative count for '{key}'";
            }
            foreach ((string name, long n) in t.Hits)
            {
                if (!InvariantInfo.TryParse(name, out _) || n < 0)
                    return $"{t.Patch}: unknown invariant '{name}' or negative count";
            }
            foreach ((string name, long n) in t.Observations)
            {
                if (!InvariantInfo.TryParseObservation(name, out _) || n < 0)
                    return $"{t.Patch}: unknown observation '{name}' or negative count";
            }
            if (!double.IsFinite(t.ActiveSeconds) || t.ActiveSeconds < 0 || t.Lookups < 0 || t.SeqRetries < 0)
                return $"{t.Patch}: counters out of range";
            if (t.Crash is { } c && (c.CrashesByInvariant is null || c.AfterCrashHits is null || c.OpsToCrash is null || c.SecondsToCrash is null
                || c.Boots < 1 || c.Crashes > c.Boots || c.CrashesByInvariant.Values.Any(n => n < 0) || c.AfterCrashHits.Values.Any(n => n < 0)
                || c.OpsAtRisk < 0 || c.OpsAfterCrash < 0 || c.RootCauseHits < 0 || c.BootsWithRootCause < 0 || c.OpsToRootCauseExposure < 0))
                return $"{t.Patch}: crash figures out of range (boots at least 1, at most one crash per boot, no negative count)";
        }
        return null;
    }

    /// <summary>Total ops of one patch in the checkpoint.</summary>
    public static long Ops(TargetCheckpoint t) => t.Ops.Values.Sum();

    /// <summary>Total invariant hits of one patch in the checkpoint.</summary>
    public static long Hits(TargetCheckpoint t) => t.Hits.Values.Sum();
}
