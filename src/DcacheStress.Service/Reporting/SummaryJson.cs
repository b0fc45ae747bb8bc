// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DcacheStress.Service.Reporting;

/// <summary>
/// The <c>--json FILE</c> summary (issue 4): <c>patch</c>, <c>workload</c>, <c>seed</c>,
/// <c>threads</c>, <c>duration_seconds</c>, <c>ops</c>, <c>invariant_hits</c> (object) and
/// <c>first_hit_seconds</c> (null when none). With several patches the per-patch fields move into a
/// <c>patches</c> list and the common fields stay at the top.
/// </summary>
public static class SummaryJson
{
    /// <summary>The summary of <paramref name="run"/>.</summary>
    public static JsonObject Build(RunSummary run)
    {
        var o = run.Settings.Engine;
        var root = new JsonObject
        {
            ["workload"] = run.Settings.WorkloadName,
            ["seed"] = o.Seed,
            ["threads"] = o.Threads,
            ["duration_seconds"] = o.Duration.TotalSeconds,
            ["round_seconds"] = o.Round.TotalSeconds,
            ["elapsed_seconds"] = run.ElapsedSeconds,
            ["race_windows"] = o.RaceWindows,
            ["end_reason"] = run.EndReason,
            ["report_dir"] = run.Settings.ReportDir,
        };
        if (run.Patches.Count == 1)
        {
            foreach ((string key, JsonNode? value) in PatchNode(run.Patches[0]))
                root[key] = value?.DeepClone();
        }
        else
        {
            root["patches"] = new JsonArray([.. run.Patches.Select(p => (JsonNode)PatchNode(p))]);
        }
        return root;
    }

    /// <summary>Write the summary of <paramref name="run"/> to <paramref name="path"/> (temporary file, then rename).</summary>
    public static void Write(RunSummary run, string path)
    {
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, Build(run).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(tmp, path, overwrite: true);
    }

    private static JsonObject PatchNode(PatchFigures p)
    {
        var hits = new JsonObject();
        foreach ((string name, long n) in p.InvariantHits)
            hits[name] = n;
        var obs = new JsonObject();
        foreach ((string name, long n) in p.Observations)
            obs[name] = n;
        return new JsonObject
        {
            ["patch"] = p.Name,
            ["expected_clean"] = p.ExpectedClean,
            ["ops"] = p.Ops,
            ["active_seconds"] = p.ActiveSeconds,
            ["ops_per_second"] = p.OpsPerSecond,
            ["invariant_hits"] = hits,
            ["hits"] = p.TotalHits,
            ["observations"] = obs,
            ["first_hit_seconds"] = p.FirstHitSeconds,
            ["seqcount_retries"] = p.SeqcountRetries,
            ["lookups"] = p.Lookups,
            ["fsck_errors"] = p.FsckErrors.Count,
            ["rounds"] = p.Rounds.Count,
            ["boots"] = p.Crash.Boots,
            ["crashes"] = p.Crash.Crashes,
            ["ops_at_risk"] = p.Crash.OpsAtRisk,
            ["boots_with_root_cause"] = p.Crash.BootsWithRootCause,
            ["hits_after_crash"] = p.Crash.AfterCrashHits.Values.Sum(),
        };
    }
}
