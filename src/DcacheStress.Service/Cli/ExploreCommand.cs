// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Fs;
using DcacheStress.Service.Explore;
using DcacheStress.Service.Fleet;
using DcacheStress.Workload;
using DcacheStress.Workload.Explore;

namespace DcacheStress.Service.Cli;

/// <summary>
/// <c>explore --patch P [--scenario S | --workload W] [--threads K] [--strategy mix|pct|random|pb] [--depth d]
/// [--budget N|TIME] ...</c>: controlled-schedule exploration (docs/explore.md).
/// </summary>
public static class ExploreCommand
{
    /// <summary>explore --help.</summary>
    public static void Help(TextWriter w)
    {
        w.WriteLine("usage: ./run.sh explore --patch P [--scenario S | --workload W | --shape race]");
        w.WriteLine("                        [--threads K] [--ops N] [--names N]");
        w.WriteLine("                        [--strategy mix|pct|random|pb] [--points sites|all] [--depth d] [--budget N|TIME]");
        w.WriteLine("                        [--seed N] [--jobs J] [--per-scenario N] [--out FILE] [--report-dir DIR]");
        w.WriteLine("                        [--no-shrink] [--quiet] [--fleet-id ID --task-index I --task-count N] [--check]");
        w.WriteLine("       ./run.sh explore merge DIR|FILE... [--allow-partial] [--out-dir DIR]");
        w.WriteLine();
        w.WriteLine("Runs small programs under a controlled scheduler: one task runs at a time, and every lock");
        w.WriteLine("acquire/release, seqcount read/retry, sleep and race-window site is a point where the strategy");
        w.WriteLine("may switch tasks. Stops at the first invariant hit, shrinks it (fewest ops, fewest preemptions),");
        w.WriteLine("prints the interleaving (task, kernel function, site) and writes a schedule file that");
        w.WriteLine("`./run.sh repro --schedule FILE` replays. On a clean run it prints the executions tried and");
        w.WriteLine("PCT's bound on having missed a depth-d bug. Ctrl-C/SIGTERM stops after the running execution");
        w.WriteLine("and still writes what was done (again: exit at once). Exit 0 ran (hit or not), 2 bad input (a merge");
        w.WriteLine("refused: a task missing or twice, other settings), 130 a second signal.");
        w.WriteLine();
        w.WriteLine($"  --patch P         the patch ({string.Join(", ", PatchCatalog.Names)})");
        w.WriteLine($"  --scenario S      a fixed scenario ({string.Join(", ", ScenarioCatalog.All.Select(s => s.Name))})");
        w.WriteLine($"  --workload W      generate programs from this op mix (default open-storm; {string.Join(", ", WorkloadNames.All)})");
        w.WriteLine("  --shape S         generated programs: mix (default: the workload's op mix, every start");
        w.WriteLine("                    state) or race (opens, ls opendirs of an entry, creators through mount 2;");
        w.WriteLine("                    names start absent, negative or present; the op mix is not used)");
        w.WriteLine("  --threads K       tasks per generated program, 2-5 (default 3)");
        w.WriteLine("  --ops N           operations per task, 1-8 (default 2)");
        w.WriteLine("  --names N         names in the race directory, 1-4 (default 2)");
        w.WriteLine("  --strategy S      mix (default: PCT and the random walk by turns; the bound counts the PCT");
        w.WriteLine("                    half), pct, random (a random enabled task at every point) or pb");
        w.WriteLine("                    (preemption-bounded)");
        w.WriteLine("  --points P        where change points / preemptions go: sites (default: race-window sites,");
        w.WriteLine("                    blocking points, sleeps, wake-ups, i_rwsem releases; k is tens) or all");
        w.WriteLine("                    (every lock acquire and release too; k is thousands)");
        w.WriteLine("  --depth d         PCT bug depth / pb preemption bound, 1-64 (default 3)");
        w.WriteLine("  --budget N|TIME   executions (e.g. 20000) or time (e.g. 30s, 5m); default 60s");
        w.WriteLine("  --seed N          root seed (default 1); every execution is replayable from it");
        w.WriteLine("  --jobs J          explorers in parallel (default: one per core)");
        w.WriteLine("  --per-scenario N  executions per generated program (default 10)");
        w.WriteLine("  --out FILE        schedule file (default reports/explore-PATCH-SEED.schedule.json)");
        w.WriteLine("  --report-dir DIR  write DIR/explore.json (executions, bound, finding, identity) and the schedule");
        w.WriteLine("                    as DIR/explore.schedule.json; what explore merge and fleet merge read");
        w.WriteLine("  --fleet-id ID, --task-index I, --task-count N");
        w.WriteLine("                    this run is task I of N of a fleet (Slurm's SLURM_ARRAY_* or Kubernetes'");
        w.WriteLine("                    JOB_COMPLETION_INDEX say so too): the tasks deal the programs of one --seed out");
        w.WriteLine("                    between them, so N tasks explore what one run with N times the jobs would");
        w.WriteLine("  --check           validate the options and exit (fleet submit --mode explore uses it)");
        w.WriteLine("  --no-shrink       keep the schedule as found");
        w.WriteLine("  --quiet           no interleaving");
    }

    /// <summary>Run with <paramref name="args"/> (without the mode); returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, CliContext cli)
    {
        if (args.Count > 0 && args[0] == "merge")
            return RunMerge([.. args.Skip(1)], cli);
        var inv = CultureInfo.InvariantCulture;
        string? patchName = null, scenario = null, workload = null, shapeName = null, strategy = "mix", points = "sites", budget = null, outFile = null, reportDir = null;
        var fleetOptions = new Dictionary<string, string>(StringComparer.Ordinal);
        int threads = 3, ops = 2, names = 2, depth = 3, jobs = Environment.ProcessorCount, perScenario = ExploreOptions.DefaultPerProgram;
        ulong seed = 1;
        bool shrink = true, quiet = false, check = false, seedGiven = false;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string? inline = null;
            int eq = a.IndexOf('=', StringComparison.Ordinal);
            if (a.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = a[(eq + 1)..];
                a = a[..eq];
            }
            string Value()
            {
                if (inline is not null)
                    return inline;
                if (i + 1 >= args.Count)
                    throw new CliError($"{a}: needs a value");
                return args[++i];
            }
            int Int(int min, int max)
            {
                string v = Value();
                if (!int.TryParse(v, NumberStyles.None, inv, out int n) || n < min || n > max)
                    throw new CliError($"{a}: '{v}' is not a whole number in {min}..{max}");
                return n;
            }
            try
            {
                switch (a)
                {
                    case "--help" or "-h":
                        Help(cli.Out);
                        return ExitCodes.Ok;
                    case "--patch": patchName = Value(); break;
                    case "--scenario": scenario = Value(); break;
                    case "--workload": workload = Value(); break;
                    case "--shape": shapeName = Value(); break;
                    case "--threads": threads = Int(2, 5); break;
                    case "--ops": ops = Int(1, 8); break;
                    case "--names": names = Int(1, 4); break;
                    case "--strategy": strategy = Value(); break;
                    case "--points": points = Value(); break;
                    case "--depth": depth = Int(1, 64); break;
                    case "--budget": budget = Value(); break;
                    case "--jobs": jobs = Int(1, 1024); break;
                    case "--per-scenario": perScenario = Int(1, 100_000_000); break;
                    case "--out": outFile = Value(); break;
                    case "--no-shrink": shrink = false; break;
                    case "--quiet": quiet = true; break;
                    case "--check": check = true; break;
                    case "--report-dir": reportDir = Value(); break;
                    case "--fleet-id": fleetOptions["FleetId"] = Value(); break;
                    case "--task-index": fleetOptions["TaskIndex"] = Value(); break;
                    case "--task-count": fleetOptions["TaskCount"] = Value(); break;
                    case "--seed":
                        string s = Value();
                        if (!ulong.TryParse(s, NumberStyles.None, inv, out seed))
                            throw new CliError($"--seed: '{s}' is not a whole number >= 0");
                        seedGiven = true;
                        break;
                    default:
                        throw new CliError($"{a}: unknown option (allowed: --patch, --scenario, --workload, --shape, --threads, --ops, --names, --strategy, --points, --depth, --budget, --seed, --jobs, --per-scenario, --out, --report-dir, --fleet-id, --task-index, --task-count, --check, --no-shrink, --quiet, --help)");
                }
            }
            catch (CliError e)
            {
                return Bad(cli, e.Message);
            }
        }

        if (patchName is null)
            return Bad(cli, $"explore: --patch is required (allowed: {string.Join(", ", PatchCatalog.Names)})");
        if (!PatchCatalog.TryCreate(patchName, out Patch patch))
            return Bad(cli, $"--patch: unknown patch '{patchName}' (allowed: {string.Join(", ", PatchCatalog.Names)})");
        if (scenario is not null && workload is not null)
            return Bad(cli, "explore: --scenario and --workload exclude each other (a scenario is one fixed program)");
        ExploreProgram? program = null;
        if (scenario is not null && !ScenarioCatalog.TryGet(scenario, out program))
            return Bad(cli, $"--scenario: unknown scenario '{scenario}' (allowed: {string.Join(", ", ScenarioCatalog.All.Select(s => s.Name))})");
        ProgramShape shape = ProgramShape.Mix;
        if (shapeName is not null && !ProgramShapes.TryParse(shapeName, out shape))
            return Bad(cli, $"--shape: unknown shape '{shapeName}' (allowed: {string.Join(", ", ProgramShapes.Names)})");
        if (shape == ProgramShape.Race && (scenario is not null || workload is not null))
            return Bad(cli, "explore: --shape race draws its own ops; it excludes --scenario and --workload");
        WorkloadKind kind = WorkloadKind.OpenStorm;
        if (workload is not null && !WorkloadNames.TryParse(workload, out kind))
            return Bad(cli, $"--workload: unknown workload '{workload}' (allowed: {string.Join(", ", WorkloadNames.All)})");
        if (strategy is not ("mix" or "pct" or "pb" or "random"))
            return Bad(cli, $"--strategy: unknown strategy '{strategy}' (allowed: mix, pct, pb, random)");
        if (!ChangePointSet.TryParse(points, out ChangePoints changePoints))
            return Bad(cli, $"--points: unknown set '{points}' (allowed: {string.Join(", ", ChangePointSet.Names)})");
        long? maxExecutions = null;
        TimeSpan? maxTime = TimeSpan.FromSeconds(60);
        if (budget is not null)
        {
            if (long.TryParse(budget, NumberStyles.None, inv, out long n) && n > 0)
            {
                maxExecutions = n;
                maxTime = null;
            }
            else if (DurationText.TryParse(budget, out TimeSpan t) && t > TimeSpan.Zero)
            {
                maxTime = t;
            }
            else
            {
                return Bad(cli, $"--budget: '{budget}' is neither a number of executions (> 0) nor a duration (30s, 5m, 1h)");
            }
        }

        var fleetErrors = new List<string>();
        FleetContext? fleet = FleetContext.Detect(fleetOptions, cli.Environment, seed, fleetErrors);
        if (fleet is not null && fleet.TaskCount is null)
            fleetErrors.Add($"--task-count: fleet '{fleet.FleetId}' task {fleet.TaskIndex} needs the number of tasks to take its share of the programs (--task-count N, or {FleetContext.SlurmTaskCountVar})");
        if (fleet is not null && !seedGiven && fleetErrors.Count == 0)
            fleetErrors.Add($"--seed: fleet '{fleet.FleetId}' task {fleet.TaskIndex} needs an explicit --seed: the tasks share its programs");
        if (fleetErrors.Count > 0)
            return Bad(cli, fleetErrors[0]);
        string? reportPath = reportDir is null ? null : Path.GetFullPath(reportDir, cli.WorkingDirectory);
        if (reportPath is not null && Configuration.WritableDirectory.Check(reportPath) is string dirError)
            return Bad(cli, $"--report-dir: {dirError} (allowed: a directory this user can create and write)");
        if (check)
        {
            cli.Out.WriteLine("explore: options OK");
            return ExitCodes.Ok;
        }

        var options = new ExploreOptions
        {
            Patch = patch, Scenario = program, Workload = kind, Shape = shape, Threads = threads, Ops = ops, Names = names,
            Strategy = strategy, Points = changePoints, Depth = depth, PerProgram = perScenario, MaxExecutions = maxExecutions, MaxTime = maxTime,
            Seed = seed, Jobs = jobs, Shrink = shrink,
            ShardIndex = fleet?.TaskIndex ?? 0, ShardCount = fleet?.TaskCount ?? 1,
        };
        var identity = RunIdentity.ForThisProcess() with { Fleet = fleet };
        string what = program is not null ? $"scenario {program.Name}" : $"generated {(shape == ProgramShape.Race ? "race-shaped" : WorkloadNames.Name(kind))} programs ({threads} tasks x {ops} ops, {names} names, {perScenario} executions each)";
        cli.Out.WriteLine($"explore: patch {patch.Name}, {what}, strategy {strategy}{(strategy == "random" ? "" : string.Create(inv, $" d={depth}"))} at {points} points, seed {seed}, {jobs} job(s), budget {(maxExecutions is { } me ? me.ToString(inv) + " executions" : DurationText.Format(maxTime!.Value))}");
        if (fleet is not null)
            cli.Out.WriteLine(string.Create(inv, $"explore: fleet {fleet.FleetId} task {fleet.TaskIndex} of {fleet.TaskCount}: programs {fleet.TaskIndex}, {fleet.TaskIndex + fleet.TaskCount!.Value}, ... of seed {seed}"));
        cli.Out.Flush();
        ExploreResult result;
        bool stopped;
        using (var signals = new ExploreSignals(cli))
        {
            result = new Explorer(options).Run(signals.Token);
            stopped = signals.Token.IsCancellationRequested;
        }
        if (result.Finding is not { } f)
        {
            cli.Out.WriteLine((stopped ? "stopped early: " : "") + result.CleanLine());
            WriteReport(cli, reportPath, ExploreReport.From(options, result, identity, stopped, null));
            return ExitCodes.Ok;
        }

        cli.Out.WriteLine(string.Create(inv, $"HIT {f.Invariant} after {result.Executions} executions ({f.Seconds:0.0###} s) in {f.Program.Name}"));
        cli.Out.WriteLine($"shrunk in {f.ShrinkAttempts} executions (replays and a preemption-bounded search): ops {f.Program.OpCount} -> {f.ShrunkProgram.OpCount}, preemptions {f.Switches.Count(s => s.Preemption)} -> {f.ShrunkSwitches.Count(s => s.Preemption)}");
        foreach (string line in f.ShrunkProgram.Describe())
            cli.Out.WriteLine("  " + line);
        var replay = ScheduleReplay.Run(patch, f.ShrunkProgram, f.ShrunkSwitches);
        if (!quiet && replay.Result.Trace is { } trace)
        {
            cli.Out.WriteLine("interleaving (task, kernel functions > ...; where it lost the CPU):");
            foreach (string line in InterleavingText.Lines(replay.Result.Names, trace))
                cli.Out.WriteLine("  " + line);
        }
        var file = new ScheduleFile(patch.Name, f.Invariant, f.ShrunkProgram, f.ShrunkSwitches,
            $"{ServiceVersion.Line}, explore --strategy {strategy} --points {points} --depth {depth} --seed {seed}: execution {f.Execution} of {f.Program.Name}")
        { KernelThreads = [.. replay.Result.Names.Skip(f.ShrunkProgram.Threads.Count)] };
        string path = Path.GetFullPath(outFile ?? (reportPath is not null ? Path.Combine(reportPath, ExploreReport.ScheduleFileName) : Path.Combine("reports", $"explore-{patch.Name}-{seed}.schedule.json")), cli.WorkingDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, file.ToJson());
        cli.Out.WriteLine(replay.Finding == f.Invariant
            ? $"replayed: same hit ({f.Invariant}); schedule written to {path}"
            : $"warning: the replay found {replay.Finding ?? "nothing"}, not {f.Invariant}; schedule written to {path}");
        cli.Out.WriteLine($"replay it: ./run.sh repro --schedule {path}");
        string? relative = reportPath is not null && Path.GetDirectoryName(path) == reportPath ? Path.GetFileName(path) : path;
        WriteReport(cli, reportPath, ExploreReport.From(options, result, identity, stopped, relative));
        return ExitCodes.Ok;
    }

    private static void WriteReport(CliContext cli, string? reportDir, ExploreReport report)
    {
        if (reportDir is null)
            return;
        Directory.CreateDirectory(reportDir);
        string path = Path.Combine(reportDir, ExploreReport.FileName);
        report.Save(path);
        cli.Out.WriteLine($"report: {path}");
        cli.Out.Flush();
    }

    /// <summary><c>explore merge DIR|FILE... [--allow-partial] [--out-dir DIR]</c>.</summary>
    private static int RunMerge(IReadOnlyList<string> args, CliContext cli)
    {
        bool allowPartial = false;
        string? outDir = null;
        var files = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    Help(cli.Out);
                    return ExitCodes.Ok;
                case "--allow-partial": allowPartial = true; break;
                case "--out-dir":
                    if (i + 1 >= args.Count)
                        return Bad(cli, "--out-dir: needs a value");
                    outDir = Path.GetFullPath(args[++i], cli.WorkingDirectory);
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                        return Bad(cli, $"explore merge: unknown option {args[i]} (allowed: --allow-partial, --out-dir DIR)");
                    string full = Path.GetFullPath(args[i], cli.WorkingDirectory);
                    IReadOnlyList<string> found = ExploreMerge.Find(full);
                    if (found.Count == 0)
                        return Bad(cli, $"explore merge: {full}: no explore.json there (nor in task-*/)");
                    files.AddRange(found);
                    break;
            }
        }
        return files.Count == 0
            ? Bad(cli, "explore merge: give the fleet directory or the explore.json files")
            : ExploreMerge.Run(files, allowPartial, outDir, cli);
    }

    private static int Bad(CliContext cli, string message)
    {
        cli.Err.WriteLine($"error: {message}");
        return ExitCodes.BadInput;
    }

    private sealed class CliError(string message) : Exception(message);
}
