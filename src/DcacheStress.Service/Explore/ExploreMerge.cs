// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Service.Cli;
using DcacheStress.Workload.Explore;

namespace DcacheStress.Service.Explore;

/// <summary>
/// <c>explore merge DIR|FILE ...</c> and the explore half of <c>fleet merge</c>: adds up the
/// <c>explore.json</c> of the tasks of one explore fleet (or of any runs with the same settings), with
/// the integrity checks of <c>compare</c>: one report per task, no file or run twice, every task of the
/// fleet present unless <c>--allow-partial</c>, the same patch, scenario, strategy and seed everywhere
/// (the tasks deal one seed's programs out between them, <see cref="Explorer.ProgramIndex"/>).
/// </summary>
public static class ExploreMerge
{
    /// <summary>Every <c>explore.json</c> a path stands for: the file, DIR/explore.json, or DIR/task-*/explore.json by task index.</summary>
    public static IReadOnlyList<string> Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
            return [path];
        if (!Directory.Exists(path))
            return [];
        string own = Path.Combine(path, ExploreReport.FileName);
        if (File.Exists(own))
            return [own];
        return [.. Directory.EnumerateDirectories(path, "task-*")
            .Select(d => (Dir: d, Index: int.TryParse(Path.GetFileName(d)["task-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : -1))
            .Where(t => t.Index >= 0 && File.Exists(Path.Combine(t.Dir, ExploreReport.FileName)))
            .OrderBy(t => t.Index)
            .Select(t => Path.Combine(t.Dir, ExploreReport.FileName))];
    }

    /// <summary>
    /// Merge <paramref name="files"/>; print the merged line to <paramref name="cli"/> and, when
    /// <paramref name="outDir"/> is given, write <c>outDir/explore.json</c>. Returns the exit code.
    /// </summary>
    public static int Run(IReadOnlyList<string> files, bool allowPartial, string? outDir, CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(cli);
        var reports = new List<(string Path, ExploreReport Report)>();
        foreach (string f in files)
        {
            if (ExploreReport.Load(f, out string? error) is not { } r)
                return Bad(cli, $"explore merge: {error}");
            reports.Add((f, r));
        }
        if (reports.Count == 0)
            return Bad(cli, "explore merge: no explore.json given (explore --report-dir DIR writes one)");
        if (Problems(reports, allowPartial) is { Count: > 0 } problems)
        {
            foreach (string p in problems)
                cli.Err.WriteLine($"error: explore merge: {p}");
            return ExitCodes.BadInput; // as compare: a fleet with a task missing is refused, nothing written
        }
        ExploreReport merged = Merge([.. reports.Select(r => r.Report)]);
        foreach (string line in Lines(merged, reports))
            cli.Out.WriteLine(line);
        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            string path = Path.Combine(outDir, ExploreReport.FileName);
            merged.Save(path);
            cli.Out.WriteLine($"merged report: {path}");
        }
        cli.Out.Flush();
        return ExitCodes.Ok;
    }

    /// <summary>What forbids merging <paramref name="reports"/> (empty: nothing).</summary>
    public static List<string> Problems(IReadOnlyList<(string Path, ExploreReport Report)> reports, bool allowPartial)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var problems = new List<string>();
        foreach (var g in reports.GroupBy(r => Path.GetFullPath(r.Path)).Where(g => g.Count() > 1))
            problems.Add($"{g.Key} is given {g.Count()} times");
        foreach (var g in reports.GroupBy(r => r.Report.RunId).Where(g => g.Count() > 1))
            problems.Add($"run {g.Key} appears {g.Count()} times ({string.Join(", ", g.Select(r => r.Path))})");
        var first = reports[0].Report;
        string Settings(ExploreReport r) => string.Create(CultureInfo.InvariantCulture,
            $"patch {r.Patch}, {(r.Scenario is { } s ? "scenario " + s : $"{(r.Shape == "race" ? "race-shaped" : r.Workload)} {r.Threads}x{r.Ops} ops {r.Names} names, {r.PerScenario} per program")}, {r.Strategy} d={r.Depth} at {r.Points ?? "all"} points, seed {r.Seed}");
        foreach (var (path, r) in reports.Skip(1))
        {
            if (Settings(r) != Settings(first))
                problems.Add($"{path}: {Settings(r)} differs from {reports[0].Path}: {Settings(first)} (merge runs of one setting)");
        }
        var fleets = reports.Select(r => r.Report.Fleet?.FleetId).Distinct().ToList();
        if (fleets.Count > 1)
            problems.Add($"the reports come from {fleets.Count} fleets ({string.Join(", ", fleets.Select(f => f ?? "no fleet"))}): their tasks share programs; merge one fleet");
        else if (fleets[0] is not null)
        {
            foreach (var g in reports.GroupBy(r => r.Report.Fleet!.TaskIndex).Where(g => g.Count() > 1))
                problems.Add($"task {g.Key} appears {g.Count()} times ({string.Join(", ", g.Select(r => r.Path))})");
            if (reports.Select(r => r.Report.Fleet!.TaskCount).FirstOrDefault(c => c is not null) is int count && !allowPartial)
            {
                int[] missing = [.. Enumerable.Range(0, count).Except(reports.Select(r => r.Report.Fleet!.TaskIndex))];
                if (missing.Length > 0)
                    problems.Add($"tasks {string.Join(", ", missing)} of {count} are missing (did they run? --allow-partial merges the rest)");
            }
        }
        else if (reports.Count > 1)
        {
            problems.Add("the reports belong to no fleet: runs on their own repeat one seed's programs, so their sum would count executions twice (run them as a fleet: --task-index/--task-count or fleet submit --mode explore)");
        }
        return problems;
    }

    /// <summary>The sum of the tasks; the earliest finding (by seconds) wins.</summary>
    public static ExploreReport Merge(IReadOnlyList<ExploreReport> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var f = parts[0];
        bool scenario = f.Scenario is not null;
        return f with
        {
            RunId = Fleet.RunIdentity.NewRunId(),
            Host = string.Join(",", parts.Select(p => p.Host).Distinct()),
            FinishedUtc = parts.Max(p => p.FinishedUtc),
            Fleet = f.Fleet is { } fl ? fl with { TaskIndex = -1 } : null,
            Jobs = parts.Sum(p => p.Jobs),
            EndReason = parts.Any(p => p.Finding is not null) ? "hit" : parts.Any(p => p.EndReason == "signal") ? "signal" : "budget",
            Executions = parts.Sum(p => p.Executions),
            Programs = parts.Sum(p => p.Programs),
            Deadlocks = parts.Sum(p => p.Deadlocks),
            StepLimits = parts.Sum(p => p.StepLimits),
            Faults = parts.Sum(p => p.Faults),
            MaxSteps = parts.Max(p => p.MaxSteps),
            // One fixed scenario: every task ran it with its own seeds, so its executions add up;
            // generated programs are each some task's own.
            MaxExecutionsPerProgram = scenario ? parts.Sum(p => p.MaxExecutionsPerProgram) : parts.Max(p => p.MaxExecutionsPerProgram),
            Seconds = parts.Max(p => p.Seconds),
            Finding = parts.Where(p => p.Finding is not null).MinBy(p => p.Finding!.Seconds)?.Finding,
        };
    }

    private static IEnumerable<string> Lines(ExploreReport m, IReadOnlyList<(string Path, ExploreReport Report)> reports)
    {
        var inv = CultureInfo.InvariantCulture;
        string of = m.Fleet?.TaskCount is int n ? string.Create(inv, $" of {n}") : "";
        yield return string.Create(inv, $"explore merge: {reports.Count} report(s){of}{(m.Fleet is { } fl ? $" of fleet {fl.FleetId}" : "")}, patch {m.Patch}, {m.Strategy} d={m.Depth}, seed {m.Seed}");
        foreach (var (path, r) in reports)
        {
            string task = r.Fleet is { } f ? string.Create(inv, $"task {f.TaskIndex}") : "run";
            string end = r.Finding is { } hit ? string.Create(inv, $"HIT {hit.Invariant} at execution {hit.Execution} ({hit.Seconds:F3} s)") : r.EndReason;
            yield return string.Create(inv, $"  {task} on {r.Host}: {r.Executions} executions of {r.Programs} program(s) in {r.Seconds:F1} s, {end}  ({path})");
        }
        if (m.Finding is { } h)
        {
            var owner = reports.First(r => ReferenceEquals(r.Report.Finding, h));
            string schedule = h.ScheduleFile is { } s ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(owner.Path))!, s) : "(none written)";
            yield return string.Create(inv, $"HIT {h.Invariant} in {h.Program} (shrunk to {h.ShrunkOps} ops, {h.ShrunkPreemptions} preemption(s)); {m.Executions} executions in all");
            yield return $"replay it: ./run.sh repro --schedule {schedule}";
        }
        else
        {
            long pct = ExploreResult.PctExecutions(m.Strategy, m.MaxExecutionsPerProgram);
            string bound = pct > 0
                ? string.Create(inv, $"; PCT bound: P(all {pct} PCT executions of a scenario missed a depth-{m.Depth} bug) <= {PctStrategy.MissBound(m.Threads, m.MaxSteps, m.Depth, pct):G3} (n={m.Threads}, k={m.MaxSteps} {m.Points ?? "all"} points)")
                : "";
            yield return string.Create(inv, $"no hit: {m.Executions} executions of {m.Programs} program(s) ({m.Deadlocks} deadlocked, {m.StepLimits} over the step limit){bound}");
        }
    }

    private static int Bad(CliContext cli, string message)
    {
        cli.Err.WriteLine($"error: {message}");
        return ExitCodes.BadInput;
    }
}
