// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports;
using DcacheStress.Service.Cli;
using DcacheStress.Service.Configuration;
using DcacheStress.Service.Crash;
using DcacheStress.Service.Reporting;
using DcacheStress.Service.Telemetry;
using DcacheStress.Service.Terminal;
using DcacheStress.Workload;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DcacheStress.Service.Hosting;

/// <summary>
/// The worker service: owns the engine (its controller on one dedicated thread, its workers on
/// theirs), the crash-record writer, the progress line and the timeline; on the end of the run or
/// a stop request it parks the workers, runs the fsck of every dcache and writes the reports.
/// </summary>
public sealed class StressHostedService : BackgroundService
{
    /// <summary>How often the progress line and the timeline are refreshed.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(500);

    private readonly StressRunSettings _settings;
    private readonly RunState _state;
    private readonly CliContext _cli;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly StressInstrumentation? _instrumentation;
    private readonly IServiceProvider _services;

    /// <summary>Created by the host.</summary>
    public StressHostedService(RunState state, CliContext cli, IHostApplicationLifetime lifetime, IServiceProvider services)
    {
        _state = state;
        _settings = state.Settings;
        _cli = cli;
        _lifetime = lifetime;
        _services = services;
        _instrumentation = services.GetService<StressInstrumentation>();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        int exitCode = ExitCodes.Failed;
        RunSummary? summary = null;
        var written = new List<string>();
        try
        {
            if (!await WaitForStartAsync(stoppingToken).ConfigureAwait(false))
            {
                _cli.Err.WriteLine("stopped before the run started: nothing written");
                exitCode = ExitCodes.Ok;
                return;
            }
            (exitCode, summary) = await RunAsync(stoppingToken, written).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the run's failure is reported, not thrown into the host
        catch (Exception e)
#pragma warning restore CA1031
        {
            _cli.Err.WriteLine($"error: the run failed: {e.GetType().Name}: {e.Message}");
            _cli.Err.WriteLine(e.StackTrace);
            exitCode = ExitCodes.Failed;
        }
        finally
        {
            _state.Finish(exitCode, summary, written);
            _lifetime.StopApplication();
        }
    }

    /// <summary>Wait until the host (and the metrics endpoint) has started; false when stopped first.</summary>
    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return !stoppingToken.IsCancellationRequested;
    }

    private string? ScrapeUrl()
    {
        MetricsEndpoint? m = _settings.Metrics;
        if (m is null)
            return null;
        int port = m.Port;
        var addresses = _services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        foreach (string a in addresses ?? [])
        {
            if (Uri.TryCreate(a, UriKind.Absolute, out Uri? u))
            {
                port = u.Port;
                break;
            }
        }
        return m.ScrapeUrl(port);
    }

    /// <summary>
    /// Scrape our own endpoint once before the clock starts, as the engine warms up its ops: the
    /// tier-0 JIT of Kestrel's pipeline, the exporter and the observable callbacks is paid here,
    /// not by the first measured round. (Their tier-1 rejit still happens in the background during
    /// the first 30 scrapes: about 0.6 s of JIT CPU on this machine, see README.md.)
    /// </summary>
    private static async Task WarmScrapeAsync(string url, CancellationToken token)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using HttpResponseMessage r = await http.GetAsync(new Uri(url), token).ConfigureAwait(false);
            await r.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            // Only a warm-up: the run does not depend on it.
        }
    }

    private async Task<(int, RunSummary)> RunAsync(CancellationToken stoppingToken, List<string> written)
    {
        StressOptions options = _settings.Engine;
        string? url = ScrapeUrl();
        ConsoleReport.Banner(_cli.Out, _settings, url);
        foreach (string w in _settings.Warnings)
            _cli.Err.WriteLine(w);

        string dir = _settings.ReportDir;
        Directory.CreateDirectory(dir);
        var pending = new List<string>
        {
            Path.Combine(dir, ReportFiles.JsonName), Path.Combine(dir, ReportFiles.MarkdownName), Path.Combine(dir, ReportFiles.HtmlName),
        };
        if (_settings.JsonPath is not null)
            pending.Add(_settings.JsonPath);
        _state.SetPending(pending);

        DateTimeOffset startedUtc = DateTimeOffset.UtcNow;
        using var engine = new StressEngine(options);
        RunCheckpoint? resumed = _settings.Resume;
        if (resumed is not null)
            engine.Restore(resumed.Engine);
        if (_settings.DebugStallWorker is int stallWorker)
        {
            var stallSchedule = new DebugStallSchedule(stallWorker);
            foreach (PatchTarget t in engine.Targets)
                t.Dcache.race.SetSchedule(stallSchedule);
            _cli.Err.WriteLine($"diagnostics: --debug-stall-worker {stallWorker}: {stallSchedule.Comm} will block forever at its first race-window site (a watchdog test aid)");
        }
        SoakMonitor? soak = _settings.Soak ? new SoakMonitor(engine, _settings.SoakInterval) : null;
        var recorder = new CrashRecorder(engine);
        var crashWriter = new CrashRecordWriter(dir, _settings.Identity.ToJsonObject());
        if (resumed is not null)
            crashWriter.ContinueNumbering();
        Task crashTask = Task.Run(() => crashWriter.RunAsync(recorder.Reader), CancellationToken.None);
        if (_instrumentation is not null)
        {
            _instrumentation.Attach(engine, recorder, _settings.Identity);
            engine.LatencySampler = _instrumentation.RecordLatency;
        }
        _state.SetListening(url);
        var stalls = new System.Collections.Concurrent.ConcurrentQueue<WatchdogReport>();
        var stallFiles = new System.Collections.Concurrent.ConcurrentQueue<string>();
        engine.Stalled += r =>
        {
            stalls.Enqueue(r);
            string? file = WriteStallRecord(dir, r, engine.Elapsed.TotalSeconds, out string? stallError);
            if (file is not null)
                stallFiles.Enqueue(file);
            _cli.Err.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"watchdog: {r.Comm} ({r.Patch}) made no progress for {r.StuckSeconds:0.#}s, waiting at {r.Wchan ?? "an unknown site"}; {(file is not null ? $"its last events are in {file}" : $"stall record not written: {stallError}")}"));
        };
        var checkpointErrors = new HashSet<string>(StringComparer.Ordinal);
        string? SaveCheckpoint(bool complete, string? reason)
        {
            try
            {
                RunCheckpoint cp = RunCheckpoint.Take(engine, _settings, complete, reason);
                string path = RunCheckpoint.Save(cp, dir);
                _state.SetCheckpoint(path, cp.WrittenUtc, cp.Engine.ElapsedSeconds);
                return path;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (checkpointErrors.Add(e.Message))
                    _cli.Err.WriteLine($"error: checkpoint not written into {dir}: {e.Message}");
                return null;
            }
        }
        // The directory is a resumable run from the start (warm-up included).
        SaveCheckpoint(complete: false, reason: null);
        TimeSpan checkpointEvery = _settings.CheckpointInterval;
        var checkpointClock = System.Diagnostics.Stopwatch.StartNew();
        var timeline = new TimelineRecorder(engine);
        ProgressLine? progress = _cli.IsTerminal ? new ProgressLine(_cli.Out, engine) : null;

        var engineDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var controller = new Thread(() =>
        {
            try
            {
                engine.Run();
                engineDone.TrySetResult();
            }
#pragma warning disable CA1031 // handed to the service thread
            catch (Exception e)
#pragma warning restore CA1031
            {
                engineDone.TrySetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "stress-controller",
        };
        _state.SetPhase(RunPhase.Running);
        controller.Start();

        string endReason = "duration";
        while (!engineDone.Task.IsCompleted)
        {
            try
            {
                await Task.WhenAny(engineDone.Task, Task.Delay(TickInterval, stoppingToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stop requested: handled below.
            }
            if (stoppingToken.IsCancellationRequested)
            {
                endReason = "signal";
                break;
            }
            if (engineDone.Task.IsCompleted)
                break;
            timeline.Tick();
            progress?.Update();
            if (checkpointClock.Elapsed >= checkpointEvery)
            {
                checkpointClock.Restart();
                SaveCheckpoint(complete: false, reason: null);
            }
            if (soak?.Tick() is { } sample)
            {
                progress?.Clear();
                _cli.Out.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"soak {Numbers.Seconds(sample.Seconds)}: RSS {Numbers.Si(sample.RssBytes)}B, GC heap {Numbers.Si(sample.GcHeapBytes)}B, gen2 {sample.Gen2Collections}, {sample.Threads} threads, {Numbers.Grouped(sample.Dentries)} dentries, {Numbers.Si(sample.OpsPerSecond)} ops/s"));
                _cli.Out.Flush();
            }
        }

        bool parked = true;
        if (!engineDone.Task.IsCompleted)
        {
            engine.RequestStop();
            // A round switch waits up to StopTimeout for workers to park; give it that and a margin.
            parked = await Task.WhenAny(engineDone.Task, Task.Delay(options.StopTimeout + TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false) == engineDone.Task;
        }
        if (engineDone.Task.IsFaulted)
            throw engineDone.Task.Exception!.InnerException!;
        if (endReason == "duration" && engine.Targets.Any(t => t.Dcache.bug.StopRequested))
            endReason = "first-hit";
        else if (endReason == "duration" && engine.StopRequested)
            endReason = "stopped";
        else if (endReason == "duration" && (!parked || engine.UnstoppableThreads > 0))
            endReason = "stuck-workers";

        _state.SetPhase(RunPhase.Finishing);
        progress?.Clear();
        timeline.Final();
        int unstoppable = engine.UnstoppableThreads;
        bool quiescent = parked && unstoppable == 0;
        soak?.Final();
        // The final checkpoint: a run stopped by a signal (or by stuck workers) can be resumed
        // to its duration; one that reached its end needs a longer --duration.
        string? checkpointFile = SaveCheckpoint(complete: quiescent && endReason is "duration" or "first-hit", reason: endReason);
        if (checkpointFile is not null)
            _state.Done(checkpointFile);
        var figures = engine.Targets.Select(t => PatchFigures.Collect(t, quiescent)).ToList();

        recorder.Complete();
        await Task.WhenAny(crashTask, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false);
        long totalHits = figures.Sum(f => f.TotalHits);
        var summary = new RunSummary
        {
            Settings = _settings,
            StartedUtc = startedUtc,
            EndedUtc = DateTimeOffset.UtcNow,
            ElapsedSeconds = engine.Elapsed.TotalSeconds,
            EndReason = endReason,
            UnstoppableThreads = parked ? unstoppable : Math.Max(1, unstoppable),
            Patches = figures,
            Timeline = [.. timeline.Samples],
            CrashRecords = crashWriter.Summaries,
            CrashRecordFiles = crashWriter.Files,
            CrashRecordsDropped = recorder.Dropped,
            HitsNotRecorded = Math.Max(0, totalHits - recorder.Captured),
            Stalls = [.. stalls],
            Machine = MachineProbe.Describe(),
            Soak = soak?.ToJson(),
            Extra = ReliabilityFields(resumed, checkpointFile, stallFiles),
        };

        int exitCode = ExitCodes.Ok;
        DcacheStress.Reports.Model.RunReport? report = null;
        try
        {
            report = RunReportBuilder.Build(summary);
            foreach (string f in ReportFiles.WriteAll(report, dir))
            {
                written.Add(f);
                _state.Done(f);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _cli.Err.WriteLine($"error: cannot write the report into {dir}: {e.Message}");
            exitCode = ExitCodes.Failed;
        }
        if (_settings.JsonPath is not null)
        {
            try
            {
                SummaryJson.Write(summary, _settings.JsonPath);
                written.Add(_settings.JsonPath);
                _state.Done(_settings.JsonPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _cli.Err.WriteLine($"error: cannot write --json {_settings.JsonPath}: {e.Message}");
                exitCode = ExitCodes.Failed;
            }
        }
        foreach (string e in crashWriter.Errors)
            _cli.Err.WriteLine($"error: crash record not written: {e}");
        string markdown = Path.Combine(dir, ReportFiles.MarkdownName);
        if (soak is not null && written.Contains(markdown))
        {
            try
            {
                File.AppendAllText(markdown, soak.Markdown());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _cli.Err.WriteLine($"error: soak section not added to {markdown}: {e.Message}");
            }
        }

        ConsoleReport.Summary(_cli.Out, summary);
        ConsoleReport.Verdicts(_cli.Out, report);
        _cli.Out.WriteLine($"report: {string.Join("  ", written.Where(f => f.StartsWith(dir, StringComparison.Ordinal)))}");
        if (summary.CrashRecordFiles.Count > 0)
            _cli.Out.WriteLine($"crash records: {dir}{Path.DirectorySeparatorChar}crash-*.json");
        if (_settings.JsonPath is not null && written.Contains(_settings.JsonPath))
            _cli.Out.WriteLine($"summary json: {_settings.JsonPath}");
        if (resumed is not null)
            _cli.Out.WriteLine($"resumed from the checkpoint of {resumed.WrittenUtc:u} ({Numbers.Seconds(resumed.Engine.ElapsedSeconds)} into the run): totals include it (report.json options.resumed_from)");
        if (checkpointFile is not null)
            _cli.Out.WriteLine($"checkpoint: {checkpointFile}");
        if (soak?.Verdict() is { } verdict)
            _cli.Out.WriteLine(verdict.Line);
        if (summary.UnstoppableThreads > 0)
            _cli.Err.WriteLine($"could not stop {summary.UnstoppableThreads} threads: they are left running; the fsck ran on a live dcache");
        _cli.Out.Flush();
        return (exitCode, summary);
    }

    /// <summary>stall-&lt;worker&gt;.json: what the watchdog saw (worker, patch, wchan, seconds, last events); null and why when it cannot be written.</summary>
    private static string? WriteStallRecord(string dir, WatchdogReport r, double runSeconds, out string? error)
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
        };
        try
        {
            string tmp = path + ".tmp";
            File.WriteAllText(tmp, System.Text.Json.JsonSerializer.Serialize(record, CrashRecordWriter.JsonOptions) + "\n");
            File.Move(tmp, path, overwrite: true);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>report.json options of issue 9: where the run resumed from, its checkpoint, stall records.</summary>
    private static Dictionary<string, System.Text.Json.JsonElement> ReliabilityFields(RunCheckpoint? resumed, string? checkpointFile, IEnumerable<string> stallFiles)
    {
        var map = new Dictionary<string, System.Text.Json.JsonElement>(StringComparer.Ordinal)
        {
            ["checkpoint_file"] = System.Text.Json.JsonSerializer.SerializeToElement(checkpointFile),
            ["stall_records"] = System.Text.Json.JsonSerializer.SerializeToElement(stallFiles.Order(StringComparer.Ordinal).ToList()),
        };
        if (resumed is not null)
        {
            map["resumed_from"] = System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, object?>
            {
                ["checkpoint_written_utc"] = resumed.WrittenUtc,
                ["elapsed_seconds"] = resumed.Engine.ElapsedSeconds,
                ["next_slot"] = resumed.Engine.NextSlot,
                ["patches"] = resumed.Engine.Targets.Select(t => new Dictionary<string, object?>
                {
                    ["name"] = t.Patch,
                    ["ops"] = RunCheckpoint.Ops(t),
                    ["invariant_hits"] = RunCheckpoint.Hits(t),
                    ["invariant_hits_by_name"] = t.Hits,
                    ["active_seconds"] = t.ActiveSeconds,
                    ["rounds"] = t.Rounds.Count,
                }).ToList(),
            });
        }
        return map;
    }
}
