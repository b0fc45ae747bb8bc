// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using DcacheStress.Service.Crash;
using DcacheStress.Service.Terminal;
using DcacheStress.Workload;

namespace DcacheStress.Service.Hosting;

/// <summary>
/// The watchdog's reports: each stuck worker (engine <see cref="StressEngine.Stalled"/>, raised on
/// the watchdog's thread) gets a <c>stall-&lt;worker&gt;.json</c> and one line on stderr.
/// </summary>
public sealed class StallRecords
{
    private readonly StressEngine _engine;
    private readonly string _dir;
    private readonly RunConsole _console;
    private readonly ConcurrentQueue<WatchdogReport> _reports = new();
    private readonly ConcurrentQueue<string> _files = new();

    /// <summary>Listen to <paramref name="engine"/>'s watchdog; records go into <paramref name="dir"/>.</summary>
    public StallRecords(StressEngine engine, string dir, RunConsole console)
    {
        _engine = engine;
        _dir = dir;
        _console = console;
        engine.Stalled += OnStalled;
    }

    /// <summary>What the watchdog reported.</summary>
    public IReadOnlyList<WatchdogReport> Reports => [.. _reports];

    /// <summary>The stall records written.</summary>
    public IReadOnlyList<string> Files => [.. _files];

    private void OnStalled(WatchdogReport r)
    {
        _reports.Enqueue(r);
        string? file = Write(_dir, r, _engine.Elapsed.TotalSeconds, out string? error);
        if (file is not null)
            _files.Enqueue(file);
        _console.Error(string.Create(CultureInfo.InvariantCulture,
            $"watchdog: {r.Comm} ({r.Patch}) made no progress for {r.StuckSeconds:0.#}s, waiting at {r.Wchan ?? "an unknown site"}; {(file is not null ? $"its last events are in {file}" : $"stall record not written: {error}")}"));
    }

    /// <summary>stall-&lt;worker&gt;.json: what the watchdog saw (worker, patch, wchan, seconds, last events, the filesystem's threads and waits); null and why when it cannot be written.</summary>
    private static string? Write(string dir, WatchdogReport r, double runSeconds, out string? error)
    {
        error = null;
        string path = Path.Combine(dir, $"stall-{r.Comm}.json");
        var record = new Dictionary<string, object?>
        {
            ["kind"] = "watchdog_stall",
            ["worker"] = r.Worker,
            ["thread"] = r.Comm,
            ["patch"] = r.Patch,
            ["wchan"] = r.Wchan,
            ["stuck_seconds"] = r.StuckSeconds,
            ["run_seconds"] = runSeconds,
            ["time_utc"] = DateTimeOffset.UtcNow,
            ["last_events"] = r.LastEvents,
            ["fs_state"] = r.FsState,
        };
        try
        {
            string tmp = path + ".tmp";
            File.WriteAllText(tmp, JsonSerializer.Serialize(record, CrashRecordWriter.JsonOptions) + "\n");
            File.Move(tmp, path, overwrite: true);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            return null;
        }
    }
}
