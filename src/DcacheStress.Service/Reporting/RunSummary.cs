// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;
using DcacheStress.Service.Configuration;

namespace DcacheStress.Service.Reporting;

/// <summary>Everything a finished (or stopped) run reports.</summary>
public sealed record RunSummary
{
    /// <summary>The run's settings.</summary>
    public required StressRunSettings Settings { get; init; }

    /// <summary>When the run started (before warm-up).</summary>
    public required DateTimeOffset StartedUtc { get; init; }

    /// <summary>When it ended.</summary>
    public required DateTimeOffset EndedUtc { get; init; }

    /// <summary>Seconds on the run's clock (after warm-up).</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Process CPU seconds of the run (workers' start to the last round's end; warm-up excluded); null when the workers could not be parked.</summary>
    public double? CpuSeconds { get; init; }

    /// <summary>Why it ended: <c>duration</c>, <c>signal</c>, <c>first-hit</c> or <c>error</c>.</summary>
    public required string EndReason { get; init; }

    /// <summary>Workers that did not park when asked.</summary>
    public required int UnstoppableThreads { get; init; }

    /// <summary>Per patch, in option order.</summary>
    public required IReadOnlyList<PatchFigures> Patches { get; init; }

    /// <summary>Cumulative samples per patch.</summary>
    public required IReadOnlyList<TimelineSample> Timeline { get; init; }

    /// <summary>Crash records written.</summary>
    public required IReadOnlyList<CrashRecordSummary> CrashRecords { get; init; }

    /// <summary>Crash record files written.</summary>
    public required IReadOnlyList<string> CrashRecordFiles { get; init; }

    /// <summary>Crash records lost to a full channel.</summary>
    public required long CrashRecordsDropped { get; init; }

    /// <summary>Hits not recorded (beyond the first few per patch and invariant).</summary>
    public required long HitsNotRecorded { get; init; }

    /// <summary>Workers the watchdog reported as stuck.</summary>
    public IReadOnlyList<DcacheStress.Workload.WatchdogReport> Stalls { get; init; } = [];

    /// <summary>Soak samples and verdict (report.json's <c>soak</c>), or null.</summary>
    public System.Text.Json.JsonElement? Soak { get; init; }

    /// <summary>More report.json options (resumed_from, checkpoint_file, stall_records).</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement> Extra { get; init; } = new Dictionary<string, System.Text.Json.JsonElement>();

    /// <summary>The machine.</summary>
    public required MachineInfo Machine { get; init; }
}
