// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Service.Configuration;

/// <summary>
/// Every option of the <c>stress</c> mode, in help order. The command-line parser, the help text,
/// the settings binder and the README table all read this list.
/// </summary>
public static class StressOptionCatalog
{
    /// <summary>Configuration section of the stress options.</summary>
    public const string Section = "Stress";

    /// <summary>
    /// Prefix of the environment variables, by the .NET convention (<c>AddEnvironmentVariables(prefix)</c>,
    /// <c>__</c> for the section separator): <c>DCACHESTRESS_STRESS__DURATION=90s</c>,
    /// <c>DCACHESTRESS_LOGGING__LOGLEVEL__DEFAULT=Information</c>. The older
    /// <c>DCACHESTRESS__STRESS__DURATION</c> form is read too.
    /// </summary>
    public const string EnvironmentPrefix = "DCACHESTRESS_";

    /// <summary>The options that only the command line can give (not a setting).</summary>
    public static IReadOnlyList<string> CommandLineOnly { get; } = ["Resume", "Config"];

    /// <summary>The options.</summary>
    public static IReadOnlyList<StressOptionInfo> All { get; } =
    [
        new("--config", "Config", false, "FILE", "none", "settings file with the keys of appsettings.json (\"Stress\", \"Logging\"), read after appsettings.json, before the environment"),
        new("--patch", "Patch", false, "A,B,...", "every catalogued patch", "patches to run, in interleaved rounds (A B A B ...); 'all' = every catalogued patch"),
        new("--workload", "Workload", false, "NAME", "open-storm", "op-mix preset: racer, open-storm, lookup-hot"),
        new("--threads", "Threads", false, "N", "cores (at least 4 for racer/open-storm)", "worker threads; more than cores = oversubscription"),
        new("--duration", "Duration", false, "TIME", "60s", "whole run, wall clock: 90s, 4h, 1h30m, 500ms"),
        new("--round", "Round", false, "TIME", "4s, shortened to give each patch 3 rounds (not below 1s); the duration if shorter", "round length: one patch at a time"),
        new("--seed", "Seed", false, "N", "random from the clock (printed)", "run seed (decimal or 0x hex); every thread's and round's seed derives from it"),
        new("--race-windows", "RaceWindows", false, "on|off", "on", "seeded delays at the named race-window sites"),
        new("--window-policy", "WindowPolicy", false, "uniform|feedback", "uniform", "how delays spread over the sites: uniform (every site 0.5; patches compared on equal terms), or feedback (per site, raised each round for sites whose delays preceded hits of their own thread, decayed otherwise, floor 0.05): more hits and crashes per CPU-second for race hunting, but ops/s no longer comparable between patches"),
        new("--stop-on-first-hit", "StopOnFirstHit", true, "", "off", "end the run at the first invariant hit"),
        new("--baseline", "Baseline", false, "PATCH", "the first expected-clean patch given", "verdicts: every other patch against PATCH, hit-rate p-values Holm-adjusted across them"),
        new("--all-pairs", "AllPairs", true, "", "off", "verdicts for every pair of patches instead of against the baseline (Holm-adjusted across all)"),
        new("--fail-on", "FailOn", false, "RULE", "none", "exit 3 when the run found this: none; clean-hit (a patch expected clean broke an invariant); any-hit (any patch did); crash (any patch crashed)"),
        new("--on-bug", "OnBug", false, "reboot|continue", "reboot", "after a boot's first kernel-BUG-class hit (a crash): boot the patch's dcache, mounts and server afresh, or go on in the crashed one"),
        new("--stop-on-first-crash", "StopOnFirstCrash", true, "", "off", "end the run at the first crash (first kernel-BUG-class hit of a boot)"),
        new("--report-dir", "ReportDir", false, "DIR", "reports/<UTC timestamp>/", "write report.json/md/html and crash records into DIR itself"),
        new("--metrics-url", "MetricsUrl", false, "URL|none", "http://127.0.0.1:9464", "serve Prometheus metrics at URL/metrics (port 0: any free port); none: no endpoint"),
        new("--metrics-bind-any", "MetricsBindAny", true, "", "off", "allow a --metrics-url that is not a loopback address (prints a warning)"),
        new("--json", "Json", false, "FILE", "none", "also write a summary JSON (patch, workload, seed, threads, ops, invariant_hits, ...)"),
        new("--pin", "Pin", true, "", "off", "pin worker i to CPU i % cores (sched_setaffinity)"),
        new("--names", "Names", false, "N", "20", "names in the race directory (racer/open-storm)"),
        new("--mounts", "Mounts", false, "N", "2", "client mounts of the one server"),
        new("--rpc-latency-ns", "RpcLatencyNs", false, "N", "2000", "simulated RPC latency per call, ns"),
        new("--attr-cache-scale", "AttrCacheScale", false, "X", "0.001", "NFS attribute-cache timeouts (4.7: acregmin/max 3/60 s, acdirmin/max 30/60 s) times X; 0 = noac"),
        new("--churn", "Churn", false, "X", "0", "writer share for lookup-hot, 0..1"),
        new("--fanout", "Fanout", false, "N", "8", "lookup-hot tree fan-out per level"),
        new("--depth", "Depth", false, "N", "3", "lookup-hot tree depth"),
        new("--d-hash-shift", "DHashShift", false, "N", "16", "d_hash_shift of each dcache (2^N buckets)"),
        new("--warmup", "Warmup", false, "TIME", "300ms", "single-threaded JIT warm-up per patch before the clock starts (not counted)"),
        new("--resume", "Resume", false, "DIR", "none", "continue the run checkpointed in DIR (its options, seed and totals; writes into DIR; --duration may extend it)"),
        new("--checkpoint-interval", "CheckpointInterval", false, "TIME", "5s", "write checkpoint.json (atomically) this often, 100ms..10s, and at the end"),
        new("--watchdog", "Watchdog", false, "TIME", "20s", "report a worker with no progress for this long (stall-<worker>.json); 0 = off"),
        new("--progress-interval", "ProgressInterval", false, "TIME", "60s", "without a terminal (nohup, | tee, batch jobs): one timestamped progress line with ETA this often; on a terminal into run.log only; 0 = off"),
        new("--soak", "Soak", true, "", "off", "sample RSS, GC heap, gen2 collections, threads and ops/s into the report; drift verdict at the end"),
        new("--soak-interval", "SoakInterval", false, "TIME", "60s", "soak sampling interval"),
        new("--label", "Label", false, "KEY=VALUE", "none", "a label of this run (repeatable): in report.json, dcache_run_info, the file_sd target and the OpenTelemetry resource") { Repeatable = true },
        new("--fleet-id", "FleetId", false, "ID", "SLURM_ARRAY_JOB_ID, or none", "the fleet this run is a task of (Slurm and Kubernetes set it; see fleet submit)"),
        new("--task-index", "TaskIndex", false, "I", "SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX", "this task's index in its fleet, 0-based; the run seed derives from --seed and it"),
        new("--task-count", "TaskCount", false, "N", "SLURM_ARRAY_TASK_COUNT, or none", "tasks in the fleet (compare checks that all are there)"),
        new("--file-sd-dir", "FileSdDir", false, "DIR", "none", "announce /metrics as a Prometheus file_sd target DIR/<fleet>-<task>.json (removed at exit)"),
        new("--debug-stall-worker", "DebugStallWorker", false, "N", "off", "test aid for the watchdog: block worker wN forever at its first race-window site") { Diagnostic = true },
    ];

    /// <summary>The option with command-line name <paramref name="cli"/>, or null.</summary>
    public static StressOptionInfo? FindCli(string cli) =>
        All.FirstOrDefault(o => string.Equals(o.Cli, cli, StringComparison.Ordinal));

    /// <summary>The option with configuration key <paramref name="key"/> (case-insensitive), or null.</summary>
    public static StressOptionInfo? FindKey(string key) =>
        All.FirstOrDefault(o => string.Equals(o.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>The command-line name of configuration key <paramref name="key"/>.</summary>
    public static string CliOf(string key) => FindKey(key)?.Cli ?? key;
}
