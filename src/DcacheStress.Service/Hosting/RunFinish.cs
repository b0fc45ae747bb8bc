// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using DcacheStress.Service.Reporting;

namespace DcacheStress.Service.Hosting;

/// <summary>
/// The finish stage: the workers are parked (or given up on); every observer takes its last
/// sample, each patch's figures are read (with the fsck of its dcache), the crash records are
/// drained, and the run becomes a <see cref="RunSummary"/>.
/// </summary>
public static class RunFinish
{
    /// <summary>How long the crash-record writer gets to drain its channel.</summary>
    public static readonly TimeSpan CrashDrainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Close <paramref name="run"/>, ended as <paramref name="end"/> says.</summary>
    public static async Task<RunSummary> FinishAsync(StressRun run, RunEnd end)
    {
        run.State.SetPhase(RunPhase.Finishing);
        foreach (IRunObserver o in run.Observers)
            o.Final(end);
        var figures = run.Engine.Targets.Select(t => PatchFigures.Collect(t, end.Quiescent, run.Engine.Options.OnBug)).ToList();
        await run.Crashes.CompleteAsync(CrashDrainTimeout).ConfigureAwait(false);
        long totalHits = figures.Sum(f => f.TotalHits);
        return new RunSummary
        {
            Settings = run.Settings,
            StartedUtc = run.StartedUtc,
            EndedUtc = DateTimeOffset.UtcNow,
            ElapsedSeconds = run.Engine.Elapsed.TotalSeconds,
            CpuSeconds = run.Engine.CpuSeconds,
            EndReason = end.Reason,
            UnstoppableThreads = end.Parked ? end.UnstoppableThreads : Math.Max(1, end.UnstoppableThreads),
            Patches = figures,
            Timeline = [.. run.Timeline.Samples],
            CrashRecords = run.Crashes.Writer.Summaries,
            CrashRecordFiles = run.Crashes.Writer.Files,
            CrashRecordsDropped = run.Crashes.Recorder.Dropped,
            HitsNotRecorded = Math.Max(0, totalHits - run.Crashes.Recorder.Captured),
            Stalls = run.Stalls.Reports,
            Machine = MachineProbe.Describe(),
            Soak = run.Soak?.Monitor.ToJson(),
            Extra = ReliabilityFields(run.Resumed, run.Checkpoints.FinalFile, run.Stalls.Files),
        };
    }

    /// <summary>report.json options of issue 9: where the run resumed from, its checkpoint, stall records.</summary>
    private static Dictionary<string, JsonElement> ReliabilityFields(RunCheckpoint? resumed, string? checkpointFile, IEnumerable<string> stallFiles)
    {
        var map = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["checkpoint_file"] = JsonSerializer.SerializeToElement(checkpointFile),
            ["stall_records"] = JsonSerializer.SerializeToElement(stallFiles.Order(StringComparer.Ordinal).ToList()),
        };
        if (resumed is not null)
        {
            map["resumed_from"] = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
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
