// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Service.Configuration;
using DcacheStress.Workload;

namespace DcacheStress.Service.Cli;

/// <summary>Help of every mode.</summary>
public static class HelpText
{
    /// <summary>Top level.</summary>
    public static void TopLevel(TextWriter w)
    {
        w.WriteLine(ServiceVersion.Line);
        w.WriteLine();
        w.WriteLine("usage: DcacheStress.Service [stress] [options]     (./run.sh stress [options])");
        w.WriteLine("       DcacheStress.Service repro --list | NAME|all [--patch P,...]");
        w.WriteLine("       DcacheStress.Service explore --patch P [--scenario S | --workload W | --shape race] [--strategy mix|pct|random|pb] [--points sites|all] [--depth d] [--budget N|TIME]");
        w.WriteLine("       DcacheStress.Service compare FILE... [--force] [--allow-partial] [--by KEY] [--out DIR] [--baseline PATCH | --all-pairs]");
        w.WriteLine("       DcacheStress.Service fleet submit|status|merge ...");
        w.WriteLine("       DcacheStress.Service crashes DIR... [--patch P] [--invariant I,...]");
        w.WriteLine("       DcacheStress.Service --version | --help | MODE --help");
        w.WriteLine();
        w.WriteLine("modes:");
        w.WriteLine("  stress    run patches in interleaved rounds on every core: Prometheus metrics, crash records, reports (default)");
        w.WriteLine("  repro     replay a known race deterministically through the race-window schedule");
        w.WriteLine("  explore   small programs under a controlled scheduler (PCT, preemption bounding); shrinks and saves a replayable schedule;");
        w.WriteLine("            explore merge DIR adds up the tasks of an explore fleet");
        w.WriteLine("  compare   statistics over saved report.json files (other runs, other machines)");
        w.WriteLine("  crashes   Drokin's dump fields (d_flags, hashed, positive, program) over crash records");
        w.WriteLine("  fleet     run many tasks on a cluster through Slurm (job array) or Kubernetes (Indexed Job), then merge");
        w.WriteLine();
        w.WriteLine(ExitCodes.Line);
    }

    /// <summary>stress --help, with every option and its default.</summary>
    public static void Stress(TextWriter w)
    {
        w.WriteLine("usage: ./run.sh stress [options]");
        w.WriteLine();
        w.WriteLine("Runs every given patch in interleaved rounds (A B A B ...) on the same seeds, serves /metrics,");
        w.WriteLine("writes crash records for invariant hits and, at the end (or on Ctrl-C/SIGTERM), runs the dcache");
        w.WriteLine("fsck and writes report.json, report.md and report.html. A second Ctrl-C exits at once.");
        w.WriteLine();
        int width = StressOptionCatalog.All.Max(o => Left(o).Length) + 2;
        foreach (StressOptionInfo o in StressOptionCatalog.All.Where(o => !o.Diagnostic))
            w.WriteLine($"  {Left(o).PadRight(width)}{o.Help} (default: {o.Default})");
        w.WriteLine();
        w.WriteLine("diagnostics (test aids, not for normal runs):");
        foreach (StressOptionInfo o in StressOptionCatalog.All.Where(o => o.Diagnostic))
            w.WriteLine($"  {Left(o).PadRight(width)}{o.Help} (default: {o.Default})");
        w.WriteLine();
        w.WriteLine("Every few seconds the run writes checkpoint.json into its report dir (atomically); after a crash,");
        w.WriteLine("SIGKILL or power loss, --resume DIR continues it with the same options and seed, and its totals.");
        w.WriteLine("A worker stuck longer than --watchdog is reported (stall-<worker>.json: its trace, and the filesystem's");
        w.WriteLine("state, e.g. Lustre's MDS waits and ldlm_bl threads); the run still ends on time,");
        w.WriteLine("writes its report and says \"could not stop N threads\" (exit 0: the report was written).");
        w.WriteLine();
        foreach (var fs in PatchCatalog.All.GroupBy(p => p.Filesystem.name))
            w.WriteLine($"patches ({fs.Key}): {string.Join(", ", fs.Select(p => p.Name))}");
        w.WriteLine($"workloads: {string.Join(", ", WorkloadNames.All)}");
        w.WriteLine();
        w.WriteLine($"Every option but --config and --resume can also be set in {SettingsLoader.FileName} (section \"{StressOptionCatalog.Section}\", key = the");
        w.WriteLine($"name in PascalCase, e.g. \"Duration\": \"90s\") beside the executable or in the working directory, in a --config FILE");
        w.WriteLine($"with the same keys, or in the environment ({StressOptionCatalog.EnvironmentPrefix}STRESS__DURATION=90s). The command line wins, then");
        w.WriteLine("the environment, then --config, then the appsettings.json files. Their \"Logging\" section sets the host's log levels");
        w.WriteLine($"(\"Logging\": {{\"LogLevel\": {{\"Default\": \"Information\"}}}}, or {StressOptionCatalog.EnvironmentPrefix}LOGGING__LOGLEVEL__DEFAULT=Information).");
        w.WriteLine("Bad input prints one line naming the option and exits 2 before anything is written.");
        w.WriteLine();
        w.WriteLine("exit codes: 0 the run ran and wrote its reports (whatever it found, unless --fail-on says otherwise);");
        w.WriteLine("            1 the run failed (or a report could not be written); 2 bad input, nothing written;");
        w.WriteLine($"            3 --fail-on tripped ({string.Join("; ", FailOnRule.All.Skip(1).Select(r => $"{r.Name}: {r.Help}"))}),");
        w.WriteLine("              the reports are written; 130 a second Ctrl-C/SIGTERM, the reports are not written.");
        w.WriteLine("git bisect run: docs/bisecting.md.");
    }

    /// <summary>repro --help.</summary>
    public static void Repro(TextWriter w)
    {
        w.WriteLine("usage: ./run.sh repro --list");
        w.WriteLine("       ./run.sh repro NAME|all [--patch P,...]");
        w.WriteLine("       ./run.sh repro --schedule FILE [--patch P]");
        w.WriteLine();
        w.WriteLine("Replays a known interleaving with real threads forced through the race-window sites, against");
        w.WriteLine("one patch or every catalogued patch (default). Prints the event trail and one verdict line per");
        w.WriteLine("patch; exits 0 when every outcome is what that patch should do (hit for the broken ones, clean");
        w.WriteLine("for the fixed ones), 1 otherwise, 2 on bad input.");
        w.WriteLine();
        w.WriteLine("  --list          the repros, with a description");
        w.WriteLine("  --patch P,...   patches to run against (default: every catalogued patch)");
        w.WriteLine("  --quiet         verdict lines only, no trail");
        w.WriteLine("  --schedule FILE replay a schedule file written by ./run.sh explore (controlled scheduler,");
        w.WriteLine("                  deterministic); exit 0 when it hits the invariant the file names");
    }

    /// <summary>compare --help.</summary>
    public static void Compare(TextWriter w)
    {
        w.WriteLine("usage: ./run.sh compare FILE... [--force] [--allow-partial] [--by KEY] [--out DIR] [--baseline PATCH | --all-pairs]");
        w.WriteLine();
        w.WriteLine("Per-patch statistics over saved report.json files: throughput with a 95% CI, hits per 10^9 ops");
        w.WriteLine("with a Poisson 95% CI, time to first hit, and a verdict of every patch against a baseline (hit-rate");
        w.WriteLine("p-values Holm-adjusted across the pairs shown). Reports of the same patch are merged (a fleet).");
        w.WriteLine("Exit 0 ok, 1 the merged report could not be written, 2 bad input.");
        w.WriteLine();
        w.WriteLine("A run given twice (same file or run_id, or the same fleet task) is refused, and so is a fleet with");
        w.WriteLine("missing tasks (task_count from the reports). With reports from several machines a throughput-by-host");
        w.WriteLine("table follows.");
        w.WriteLine();
        w.WriteLine("  --force          compare reports whose workload, race windows or round length differ");
        w.WriteLine("  --allow-partial  merge a fleet with missing tasks (named in a warning)");
        w.WriteLine("  --by KEY         keep groups apart instead of pooling: build (old vs new harness), host, file,");
        w.WriteLine("                   label:KEY; patches become patch@group and the verdicts compare them");
        w.WriteLine("  --out DIR        also write the merged report.json, report.md and report.html into DIR");
        w.WriteLine("  --baseline PATCH verdicts against PATCH (default: the reports' choice, else their first expected-clean patch, else every pair)");
        w.WriteLine("  --all-pairs      a verdict for every pair of patches instead");
    }

    /// <summary>fleet --help.</summary>
    public static void Fleet(TextWriter w)
    {
        w.WriteLine("usage: ./run.sh fleet submit --tasks N --dir DIR [--mode stress|explore] [--engine slurm|k8s] [--cpus-per-task C] [--partition P]");
        w.WriteLine("                             [--time T] [--name NAME] [--wait] [--dry-run] [--allow-partial] [--harness CMD]");
        w.WriteLine("                             [--image IMG] [--pvc NAME] -- --seed N [stress or explore options]");
        w.WriteLine("       ./run.sh fleet status DIR");
        w.WriteLine("       ./run.sh fleet merge DIR [--allow-partial]");
        w.WriteLine();
        w.WriteLine("A fleet is N independent stress tasks placed by an existing engine; each gets an identity (fleet id,");
        w.WriteLine("task index, run id, host) and a seed derived from the base --seed, and writes DIR/task-I/. The merge");
        w.WriteLine("runs compare over them into DIR/merged/ and fails when a task is missing (unless --allow-partial).");
        w.WriteLine();
        w.WriteLine("  --mode explore   the tasks run ./run.sh explore (options after --) instead of stress: they deal the");
        w.WriteLine("                   programs of one --seed out between them, write task-I/explore.json, and the merge is");
        w.WriteLine("                   explore merge (executions summed, the earliest finding and its schedule, PCT's bound)");
        w.WriteLine("  --engine slurm   write DIR/fleet.sbatch (array 0..N-1, --signal=B:TERM@120, --requeue resuming the task's");
        w.WriteLine("                   checkpoint) and DIR/merge.sbatch, submit both (merge: --dependency=afterany) and print the");
        w.WriteLine("                   job ids; --wait blocks until the merge ran and exits with its status (default)");
        w.WriteLine("  --engine k8s     render DIR/k8s/job.yaml (Indexed Job), podmonitor.yaml and merge-job.yaml for kubectl");
        w.WriteLine("                   apply; needs --image (a container with the published harness at /app/dcachestress)");
        w.WriteLine("  --tasks N        tasks (array size, Job completions)");
        w.WriteLine("  --dir DIR        fleet directory on a filesystem every node sees (required)");
        w.WriteLine("  --cpus-per-task C  CPUs of each task (default 1); --threads defaults to max(4, C)");
        w.WriteLine("  --partition P, --time T   Slurm partition and time limit (default: the cluster's)");
        w.WriteLine("  --name NAME      job name / Kubernetes Job name and fleet id (default dcachestress)");
        w.WriteLine("  --harness CMD    how nodes start the harness (default: this build, e.g. a published single file)");
        w.WriteLine("  --dry-run        write the scripts and fleet.json only");
        w.WriteLine();
        w.WriteLine("Each task announces its /metrics in DIR/targets/ for Prometheus' file_sd (dashboards/prometheus/");
        w.WriteLine("prometheus.yml); report.json stays the number of record. Tasks listen on 127.0.0.1 unless the stress");
        w.WriteLine("options say --metrics-url http://0.0.0.0:0 --metrics-bind-any. See docs/fleet.md.");
    }

    private static string Left(StressOptionInfo o) => o.IsFlag ? o.Cli : $"{o.Cli} {o.Value}";
}
