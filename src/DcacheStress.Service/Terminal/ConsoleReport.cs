// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Kernel;
using DcacheStress.Service.Configuration;
using DcacheStress.Service.Reporting;
using DcacheStress.Workload;

namespace DcacheStress.Service.Terminal;

/// <summary>What a stress run prints at its start and at its end.</summary>
public static class ConsoleReport
{
    /// <summary>The start banner: seed, patches, threads, workload, metrics URL, report dir.</summary>
    public static void Banner(TextWriter w, StressRunSettings s, string? metricsUrl)
    {
        var o = s.Engine;
        var c = CultureInfo.InvariantCulture;
        w.WriteLine($"DcacheStress {ServiceVersion.Short}: stress run (Linux {ServiceVersion.PortedKernel} dcache port)");
        w.WriteLine(string.Create(c, $"  seed        {o.Seed}{(s.SeedFromClock ? $" (from the clock; --seed {o.Seed} repeats this run)" : "")}"));
        w.WriteLine($"  patches     {string.Join(", ", o.Patches)}{(o.Patches.Count > 1 ? $" (interleaved rounds of {DurationText.Format(o.Round)})" : $" (rounds of {DurationText.Format(o.Round)})")}");
        w.WriteLine(string.Create(c, $"  workload    {s.WorkloadName}, {o.Threads} threads on {Environment.ProcessorCount} cores{(o.Pin ? ", pinned" : "")}, race windows {(o.RaceWindows ? (o.WindowPolicy == Workload.WindowPolicy.Feedback ? "on (feedback)" : "on") : "off")}, on BUG {Workload.OnBugNames.Name(o.OnBug)}{(o.StopOnFirstHit ? ", stop on first hit" : "")}{(o.StopOnFirstCrash ? ", stop on first crash" : "")}"));
        w.WriteLine($"  duration    {DurationText.Format(o.Duration)} (after {DurationText.Format(o.Warmup)} warm-up per patch)");
        w.WriteLine($"  metrics     {metricsUrl ?? "none"}");
        w.WriteLine($"  report dir  {s.ReportDir}");
        w.WriteLine(RunLine(s.Identity));
        w.Flush();
    }

    /// <summary>The banner's run line: run id and host, the fleet task and base seed, the labels.</summary>
    public static string RunLine(Fleet.RunIdentity id)
    {
        string fleet = id.Fleet is { } f
            ? string.Create(CultureInfo.InvariantCulture, $"; fleet {f.FleetId} task {f.TaskIndex}{(f.TaskCount is int n ? $" of {n}" : "")} ({Fleet.FleetEngineNames.Name(f.Engine)}), base seed {f.BaseSeed}")
            : "";
        string labels = id.Labels.Count > 0 ? $"; labels {Fleet.RunLabels.Format(id.Labels)}" : "";
        return $"  run         {id.RunId} on {id.Host}{fleet}{labels}";
    }

    /// <summary>
    /// The NOTE for a patch expected clean that broke an invariant (null otherwise). When its only
    /// hits are <c>hash.duplicate_name</c> and its code still calls <c>d_exact_alias</c>, the note
    /// points at 4.7's residual race rather than at a bug in the port.
    /// </summary>
    public static string? CleanPatchNote(PatchFigures p)
    {
        if (!p.ExpectedClean || p.TotalHits == 0)
            return null;
        string duplicate = InvariantInfo.Name(Invariant.hash_duplicate_name);
        if (p.TriesDExactAlias && p.InvariantHits.Keys.All(k => k == duplicate))
            return $"NOTE: {p.Name} is expected clean but hit {duplicate} only: the signature of 4.7's residual d_exact_alias race (docs/findings.md, ./run.sh repro exact-alias-rehash; v4.7-no-exact-alias closes it). Read its crash records.";
        return $"NOTE: {p.Name} is expected clean but broke an invariant: read its crash records.";
    }

    /// <summary>
    /// The verdict lines, when several patches ran: each patch against the baseline (or every pair
    /// with --all-pairs), hit-rate p-values Holm-adjusted across the pairs shown.
    /// </summary>
    public static void Verdicts(TextWriter w, DcacheStress.Reports.Model.RunReport? report)
    {
        if (report is null || report.Patches.Count < 2)
            return;
        var analysis = DcacheStress.Reports.Statistics.ReportAnalyzer.Analyze(report);
        w.WriteLine("verdicts: " + analysis.PairsText);
        foreach (var pair in analysis.Pairs)
            w.WriteLine("verdict: " + pair.Verdict);
        w.Flush();
    }

    /// <summary>The end-of-run table: per patch ops, ops/s, hits by invariant, first hit, fsck.</summary>
    public static void Summary(TextWriter w, RunSummary run)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteLine();
        w.WriteLine(string.Create(c, $"Run ended ({run.EndReason}) after {Numbers.Seconds(run.ElapsedSeconds)}; seed {run.Settings.Engine.Seed}."));
        int nameWidth = Math.Max(5, run.Patches.Max(p => p.Name.Length));
        string header = string.Create(c, $"{"patch".PadRight(nameWidth)}  {"expect",-6}  {"ops",12}  {"ops/s",10}  {"active",8}  {"hits",10}  {"first hit",10}  fsck");
        w.WriteLine(header);
        w.WriteLine(new string('-', header.Length + 6));
        foreach (PatchFigures p in run.Patches)
        {
            string fsck = p.FsckErrors.Count == 0 ? "clean" : string.Create(c, $"{p.FsckErrors.Count} errors");
            string first = p.FirstHitSeconds is double f ? Numbers.Seconds(f) : "-";
            w.WriteLine(string.Create(c,
                $"{p.Name.PadRight(nameWidth)}  {(p.ExpectedClean ? "clean" : "broken"),-6}  {Numbers.Grouped(p.Ops),12}  {Numbers.Si(p.OpsPerSecond),10}  {Numbers.Seconds(p.ActiveSeconds),8}  {Numbers.Grouped(p.TotalHits),10}  {first,10}  {fsck}"));
        }

        CrashConsole.Write(w, run.Patches, run.Settings.Engine.OnBug);
        foreach (PatchFigures p in run.Patches.Where(p => p.TotalHits > 0))
        {
            w.WriteLine($"{p.Name}:");
            foreach (IGrouping<InvariantKind, KeyValuePair<string, long>> g in p.InvariantHits
                .GroupBy(kv => InvariantInfo.TryParse(kv.Key, out Invariant inv) ? InvariantInfo.Kind(inv) : InvariantKind.PortCheck)
                .OrderBy(g => g.Key))
            {
                string title = g.Key switch
                {
                    InvariantKind.KernelBug => "kernel BUG sites",
                    InvariantKind.RootCause => "root-cause checks",
                    _ => "port self-checks",
                };
                w.WriteLine($"  {title,-18} {string.Join(", ", g.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {Numbers.Grouped(kv.Value)}"))}");
            }
        }
        foreach (PatchFigures p in run.Patches)
        {
            if (CleanPatchNote(p) is { } note)
                w.WriteLine(note);
        }
        foreach (PatchFigures p in run.Patches.Where(p => p.FsckErrors.Count > 0))
            w.WriteLine($"fsck {p.Name}: {p.Fsck}");
        if (run.UnstoppableThreads > 0)
            w.WriteLine(string.Create(c, $"could not stop {run.UnstoppableThreads} threads (stuck in the ported code; see the crash records and report)"));
        w.WriteLine(string.Create(c,
            $"crash records: {run.CrashRecordFiles.Count} written (first {Crash.CrashRecorder.KeepPerPair} per patch and invariant), {Numbers.Grouped(run.HitsNotRecorded)} further hits counted only, {run.CrashRecordsDropped} dropped"));
        w.Flush();
    }
}
