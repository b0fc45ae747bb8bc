// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports;
using DcacheStress.Service.Crash;
using DcacheStress.Service.Reporting;
using DcacheStress.Service.Telemetry;
using DcacheStress.Service.Terminal;
using DcacheStress.Workload;

namespace DcacheStress.Service.Hosting;

/// <summary>
/// The start stage: banner, report directory, the engine (restored from a checkpoint on
/// <c>--resume</c>), and every concern attached to it before the first worker runs.
/// </summary>
public static class RunStart
{
    /// <summary>Build the run; the engine is created but not started.</summary>
    public static StressRun Begin(RunState state, RunConsole console, string? scrapeUrl, StressInstrumentation? instrumentation)
    {
        var settings = state.Settings;
        string dir = settings.ReportDir;
        Directory.CreateDirectory(dir);
        console.OpenLog(dir);
        ConsoleReport.Banner(console.Out, settings, scrapeUrl);
        foreach (string w in settings.Warnings)
            console.Error(w);

        var pending = new List<string>
        {
            Path.Combine(dir, ReportFiles.JsonName), Path.Combine(dir, ReportFiles.MarkdownName), Path.Combine(dir, ReportFiles.HtmlName),
        };
        if (settings.JsonPath is not null)
            pending.Add(settings.JsonPath);
        state.SetPending(pending);

        DateTimeOffset startedUtc = DateTimeOffset.UtcNow;
        var engine = new StressEngine(settings.Engine);
        try
        {
            if (settings.Resume is { } resumed)
                engine.Restore(resumed.Engine);
            if (settings.DebugStallWorker is int stallWorker)
            {
                var stallSchedule = new DebugStallSchedule(stallWorker);
                foreach (PatchTarget t in engine.Targets)
                    t.Dcache.race.SetSchedule(stallSchedule);
                console.Error($"diagnostics: --debug-stall-worker {stallWorker}: {stallSchedule.Comm} will block forever at its first race-window site (a watchdog test aid)");
            }
            var crashes = new CrashRecordSink(engine, dir, continueNumbering: settings.Resume is not null, settings.Identity.ToJsonObject());
            if (instrumentation is not null)
            {
                instrumentation.Attach(engine, crashes.Recorder, settings.Identity);
                engine.LatencySampler = instrumentation.RecordLatency;
            }
            state.SetListening(scrapeUrl);
            var stalls = new StallRecords(engine, dir, console);
            var checkpoints = new CheckpointKeeper(engine, state, console);
            // The directory is a resumable run from the start (warm-up included).
            checkpoints.Save(complete: false, reason: null);
            var timeline = new TimelineRecorder(engine);
            SoakReporter? soak = settings.Soak ? new SoakReporter(new SoakMonitor(engine, settings.SoakInterval), console) : null;
            var observers = new List<IRunObserver>();
            if (console.IsTerminal)
                observers.Add(console.AttachProgress(new ProgressLine(console.Terminal, new ProgressText(engine))));
            if (settings.ProgressInterval > TimeSpan.Zero)
                observers.Add(new ProgressLog(console, new ProgressText(engine), settings.ProgressInterval, logOnly: console.IsTerminal));
            observers.Add(timeline);
            if (soak is not null)
                observers.Add(soak);
            observers.Add(checkpoints);
            return new StressRun
            {
                Settings = settings,
                State = state,
                Console = console,
                Engine = engine,
                StartedUtc = startedUtc,
                ScrapeUrl = scrapeUrl,
                Crashes = crashes,
                Stalls = stalls,
                Checkpoints = checkpoints,
                Timeline = timeline,
                Soak = soak,
                Observers = observers,
            };
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }
}
