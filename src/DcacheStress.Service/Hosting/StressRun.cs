// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Configuration;
using DcacheStress.Service.Crash;
using DcacheStress.Service.Reporting;
using DcacheStress.Service.Terminal;
using DcacheStress.Workload;

namespace DcacheStress.Service.Hosting;

/// <summary>
/// One stress run as its stages see it: the settings, the engine and every concern that watches
/// it. Built by <see cref="RunStart"/>, driven by <see cref="RunLoop"/>, closed by
/// <see cref="RunFinish"/> and written by <see cref="RunWrite"/>.
/// </summary>
public sealed class StressRun : IDisposable
{
    /// <summary>The run's settings.</summary>
    public required StressRunSettings Settings { get; init; }

    /// <summary>Where the run stands (shared with the signal handler and the command line).</summary>
    public required RunState State { get; init; }

    /// <summary>What the run prints (stdout, stderr, run.log).</summary>
    public required RunConsole Console { get; init; }

    /// <summary>The engine.</summary>
    public required StressEngine Engine { get; init; }

    /// <summary>The report directory (absolute, created).</summary>
    public string Dir => Settings.ReportDir;

    /// <summary>Wall clock at the start (after the host started).</summary>
    public required DateTimeOffset StartedUtc { get; init; }

    /// <summary>The checkpoint this run continues, or null.</summary>
    public RunCheckpoint? Resumed => Settings.Resume;

    /// <summary>The /metrics URL, or null.</summary>
    public string? ScrapeUrl { get; init; }

    /// <summary>Crash records of invariant hits.</summary>
    public required CrashRecordSink Crashes { get; init; }

    /// <summary>Stall records of the watchdog.</summary>
    public required StallRecords Stalls { get; init; }

    /// <summary>checkpoint.json, every few seconds and at the end.</summary>
    public required CheckpointKeeper Checkpoints { get; init; }

    /// <summary>The report's throughput and hits over time.</summary>
    public required TimelineRecorder Timeline { get; init; }

    /// <summary>Soak samples and verdict (<c>--soak</c>), or null.</summary>
    public SoakReporter? Soak { get; init; }

    /// <summary>Every observer, in tick and final order.</summary>
    public required IReadOnlyList<IRunObserver> Observers { get; init; }

    /// <inheritdoc/>
    public void Dispose() => Engine.Dispose();
}
