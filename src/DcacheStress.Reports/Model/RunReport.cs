// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Model;

/// <summary>
/// The whole <c>report.json</c> of one run (or of a merged fleet, see <see cref="MergedFrom"/>).
/// Property names are snake_case on disk; <see cref="Json.ReportJson"/> reads and writes it.
/// </summary>
public sealed class RunReport
{
    /// <summary>Version of the harness that wrote the report.</summary>
    public required string Version { get; init; }

    public required DateTimeOffset StartedUtc { get; init; }

    public required DateTimeOffset EndedUtc { get; init; }

    public required MachineInfo Machine { get; init; }

    public required RunOptions Options { get; init; }

    /// <summary>The master seed every per-thread and per-round seed was derived from.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Workload preset (<c>racer</c>, <c>open-storm</c>, <c>lookup-hot</c>...).</summary>
    public required string Workload { get; init; }

    /// <summary>One entry per patch, in the order the run interleaved them.</summary>
    public required IReadOnlyList<PatchResult> Patches { get; init; }

    /// <summary>Cumulative per-patch samples taken during the run; absent when not sampled.</summary>
    public IReadOnlyList<TimelineSample>? Timeline { get; init; }

    /// <summary>Thread-scaling rows of a <c>sweep</c> run; absent otherwise.</summary>
    public IReadOnlyList<SweepRow>? Sweep { get; init; }

    /// <summary>Summaries of the crash records written on invariant hits; absent when none.</summary>
    public IReadOnlyList<CrashRecordSummary>? CrashRecords { get; init; }

    /// <summary>Soak-mode data, carried through untouched.</summary>
    public System.Text.Json.JsonElement? Soak { get; init; }

    /// <summary>Set by <c>compare</c> on a merged report: the files it was built from.</summary>
    public IReadOnlyList<ReportSource>? MergedFrom { get; init; }
}
