// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Service.Hosting;
using DcacheStress.Workload;

namespace DcacheStress.Service.Configuration;

/// <summary>
/// <c>--resume DIR</c>: the run's options come from DIR's checkpoint.json; the command line may
/// only extend the duration or change how the run is watched (metrics, watchdog, checkpoints).
/// </summary>
public static class ResumeRequest
{
    /// <summary>Keys the command line may give beside <c>--resume</c>.</summary>
    public static IReadOnlyList<string> AllowedKeys { get; } =
        ["Resume", "Duration", "MetricsUrl", "MetricsBindAny", "Watchdog", "CheckpointInterval", "Json", "FailOn", "ProgressInterval", "DebugStallWorker"];

    /// <summary>
    /// Load the checkpoint of <paramref name="dirText"/> and build the option values of the resumed
    /// run (checkpoint options, then the allowed command-line values, report dir = DIR). Null with
    /// one line in <paramref name="error"/> on any problem.
    /// </summary>
    public static RunCheckpoint? Load(string dirText, string workingDirectory, IReadOnlyDictionary<string, string> commandLine,
        out Dictionary<string, string> values, out string? error)
    {
        values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        error = null;
        foreach (string key in commandLine.Keys)
        {
            if (!AllowedKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                error = $"{StressOptionCatalog.CliOf(key)}: cannot be given with --resume: a resumed run keeps the options of its checkpoint (allowed with --resume: {string.Join(", ", AllowedKeys.Skip(1).Select(StressOptionCatalog.CliOf))})";
                return null;
            }
        }
        if (string.IsNullOrWhiteSpace(dirText))
        {
            error = "--resume: needs the report directory of the run to continue";
            return null;
        }
        string dir = Path.GetFullPath(dirText, workingDirectory);
        RunCheckpoint? cp = RunCheckpoint.TryLoad(dir, out string? loadError);
        if (cp is null)
        {
            error = $"--resume: {loadError}";
            return null;
        }
        foreach ((string k, string v) in cp.Options)
            values[k] = v;
        foreach ((string k, string v) in commandLine)
        {
            if (!string.Equals(k, "Resume", StringComparison.OrdinalIgnoreCase))
                values[k] = v;
        }
        values["ReportDir"] = dir;
        if (cp.Complete && (!commandLine.TryGetValue("Duration", out string? d) || !DurationText.TryParse(d, out TimeSpan longer)
            || longer.TotalSeconds <= cp.Engine.ElapsedSeconds))
        {
            error = string.Create(CultureInfo.InvariantCulture,
                $"--resume: {Path.Combine(dir, RunCheckpoint.FileName)}: the run is complete ({cp.EndReason}, {cp.Engine.ElapsedSeconds:0.#}s); give a longer --duration to extend it");
            return null;
        }
        return cp;
    }

    /// <summary>Null when <paramref name="settings"/> can continue <paramref name="cp"/>; otherwise why not.</summary>
    public static string? Check(RunCheckpoint cp, StressRunSettings settings)
    {
        var e = cp.Engine;
        var o = settings.Engine;
        string file = Path.Combine(settings.ReportDir, RunCheckpoint.FileName);
        if (!e.Patches.SequenceEqual(o.Patches, StringComparer.Ordinal) || e.Threads != o.Threads || e.Seed != o.Seed
            || !string.Equals(e.Workload, settings.WorkloadName, StringComparison.Ordinal))
            return $"--resume: {file}: damaged checkpoint: its options do not match its engine figures (patches, threads, seed or workload)";
        return null;
    }
}
