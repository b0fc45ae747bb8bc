// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Workload;

namespace DcacheStress.Service.Configuration;

/// <summary>A validated <c>stress</c> run: the engine's options plus what the service adds.</summary>
public sealed record StressRunSettings
{
    /// <summary>The engine's options (patches, workload, threads, duration, round, seed, ...).</summary>
    public required StressOptions Engine { get; init; }

    /// <summary>True when the seed was drawn from the clock (no --seed given).</summary>
    public required bool SeedFromClock { get; init; }

    /// <summary>Where /metrics is served; null for <c>--metrics-url none</c>.</summary>
    public required MetricsEndpoint? Metrics { get; init; }

    /// <summary>The report directory (absolute); the run writes into it directly.</summary>
    public required string ReportDir { get; init; }

    /// <summary>Summary JSON path (absolute), or null.</summary>
    public string? JsonPath { get; init; }

    /// <summary>The option values as given (configuration key → value), for the report.</summary>
    public required IReadOnlyDictionary<string, string> Given { get; init; }

    /// <summary>The verdicts' baseline patch (<c>--baseline</c>); null: the first expected-clean patch given.</summary>
    public string? Baseline { get; init; }

    /// <summary>A verdict for every pair (<c>--all-pairs</c>).</summary>
    public bool AllPairs { get; init; }

    /// <summary>What turns the exit code into 3 (<c>--fail-on</c>).</summary>
    public FailOnRule FailOn { get; init; } = FailOnRule.Default;

    /// <summary>Warnings to print at start (e.g. a non-loopback metrics address).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>How often checkpoint.json is written (at most 10 s), and once more at the end.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a timestamped progress line is printed without a terminal (zero: never).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Soak mode: sample memory, GC, threads and ops/s; drift verdict at the end.</summary>
    public bool Soak { get; init; }

    /// <summary>Soak sampling interval.</summary>
    public TimeSpan SoakInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Diagnostic: block worker wN forever at its first race-window site (watchdog tests).</summary>
    public int? DebugStallWorker { get; init; }

    /// <summary>The checkpoint this run continues (<c>--resume DIR</c>), or null.</summary>
    public Hosting.RunCheckpoint? Resume { get; init; }

    /// <summary>Who runs: run id, host, labels, fleet task (see <see cref="Fleet.RunIdentityResolver"/>).</summary>
    public Fleet.RunIdentity Identity { get; init; } = Fleet.RunIdentity.ForThisProcess();

    /// <summary>Where the run announces its /metrics as a Prometheus file_sd target (<c>--file-sd-dir</c>), or null.</summary>
    public string? FileSdDir { get; init; }

    /// <summary>The opt-in OTLP metrics exporter (OTEL_EXPORTER_OTLP_ENDPOINT), or null.</summary>
    public Fleet.OtlpSettings? Otlp { get; init; }

    /// <summary>The workload's user-facing name.</summary>
    public string WorkloadName => WorkloadNames.Name(Engine.Workload);
}
