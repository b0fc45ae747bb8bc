// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Service.Telemetry;

/// <summary>
/// Every metric the service exports, by its exact Prometheus name (the one file dashboards and
/// tests read). The OpenTelemetry instrument carries this name as is: the exporter neither adds
/// a second <c>_total</c> to a counter nor a second <c>_seconds</c> to an <c>s</c> unit.
/// </summary>
public static class MetricNames
{
    /// <summary>The one <see cref="System.Diagnostics.Metrics.Meter"/> (Prometheus label <c>otel_scope_name</c>).</summary>
    public const string MeterName = "DcacheStress";

    /// <summary>The .NET runtime's built-in meter (GC, memory, thread pool, CPU).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>Finished operations. Labels: op, patch, result.</summary>
    public const string Ops = "dcache_ops_total";

    /// <summary>Invariant hits (BUG_ON/WARN_ON sites and root-cause checks). Labels: invariant, patch.</summary>
    public const string InvariantHits = "dcache_invariant_hits_total";

    /// <summary>Observations: windows that open, not bugs. Labels: observation, patch.</summary>
    public const string Observations = "dcache_observations_total";

    /// <summary>Seconds each patch has been the running one. Label: patch.</summary>
    public const string PatchActiveSeconds = "dcache_patch_active_seconds_total";

    /// <summary>RCU-walk seqcount validations that failed. Label: patch.</summary>
    public const string SeqcountRetries = "dcache_seqcount_retries_total";

    /// <summary>Path component lookups. Label: patch.</summary>
    public const string Lookups = "dcache_lookups_total";

    /// <summary>Sampled duration of lookup ops (open, stat, deep stat), seconds. Label: patch.</summary>
    public const string LookupDuration = "dcache_lookup_duration_seconds";

    /// <summary>Worker threads of the run.</summary>
    public const string Threads = "dcache_threads";

    /// <summary>1 for the patch whose round is running, 0 for the others. Label: patch.</summary>
    public const string ActivePatch = "dcache_active_patch";

    /// <summary>Index of the current round (0-based; -1 before the first).</summary>
    public const string Round = "dcache_round";

    /// <summary>Always 1; the labels describe the run. Labels: patch, workload, seed, version.</summary>
    public const string RunInfo = "dcache_run_info";

    /// <summary>Unix time of the patch's last invariant hit (0: none yet). Label: patch.</summary>
    public const string LastHitTimestamp = "dcache_last_hit_timestamp_seconds";

    /// <summary>1 when the patch is known correct (must show zero hits), 0 when known broken. Label: patch.</summary>
    public const string ExpectedClean = "dcache_expected_clean";

    /// <summary>Crashes: first kernel-BUG-class hit of a boot (issue 13). Label: patch.</summary>
    public const string Crashes = "dcache_crashes_total";

    /// <summary>Boots of each patch's dcache, mounts and server, the first one included. Label: patch.</summary>
    public const string Boots = "dcache_boots_total";

    /// <summary>Ops run in boots before their crash: the crash rate's exposure. Label: patch.</summary>
    public const string OpsAtRisk = "dcache_ops_at_risk_total";

    /// <summary>Boots with at least one root-cause hit before any crash (a burst counts once). Label: patch.</summary>
    public const string RootCauseBoots = "dcache_root_cause_boots_total";

    /// <summary>Invariant hits in a boot after its crash: never in a rate. Label: patch.</summary>
    public const string HitsAfterCrash = "dcache_hits_after_crash_total";

    /// <summary>Crash records lost because the reporter's channel was full (the hits are still counted).</summary>
    public const string CrashRecordsDropped = "dcache_crash_records_dropped_total";

    /// <summary>
    /// Instruments of the <c>System.Runtime</c> meter that are not exported: gauges whose names end
    /// in <c>_count</c>, which Prometheus reserves for histograms and summaries (<c>promtool check
    /// metrics</c> flags them). Their values are constant or of no use to a soak (the CPU count is
    /// in every report). The runtime's thread pool counts are observable counters, exported as
    /// <c>dotnet_thread_pool_thread_count_total</c> and <c>dotnet_thread_pool_queue_length_total</c>.
    /// </summary>
    public static IReadOnlyList<string> DroppedRuntimeInstruments { get; } =
    [
        "dotnet.assembly.count", "dotnet.process.cpu.count", "dotnet.timer.count",
    ];

    /// <summary>Every <c>dcache_*</c> name above, in order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Ops, InvariantHits, Observations, PatchActiveSeconds, SeqcountRetries, Lookups, LookupDuration,
        Threads, ActivePatch, Round, RunInfo, LastHitTimestamp, ExpectedClean, CrashRecordsDropped,
        Crashes, Boots, OpsAtRisk, RootCauseBoots, HitsAfterCrash,
    ];

    /// <summary>Label names.</summary>
    public static class Labels
    {
        /// <summary>Patch name.</summary>
        public const string Patch = "patch";

        /// <summary>The patch's filesystem (nfs, lustre): on every series that has <see cref="Patch"/>.</summary>
        public const string Filesystem = "filesystem";

        /// <summary>Operation (open, open_creat, stat, ...).</summary>
        public const string Op = "op";

        /// <summary>Operation result (ok, enoent, ...).</summary>
        public const string Result = "result";

        /// <summary>Invariant name (d_splice_alias.hashed, ...).</summary>
        public const string Invariant = "invariant";

        /// <summary>Observation name.</summary>
        public const string Observation = "observation";

        /// <summary>Workload preset.</summary>
        public const string Workload = "workload";

        /// <summary>Run seed.</summary>
        public const string Seed = "seed";

        /// <summary>Service version.</summary>
        public const string Version = "version";
    }

    /// <summary>
    /// Bucket boundaries of <see cref="LookupDuration"/> in seconds, 50 ns to 100 ms (the exporter's
    /// default buckets are milliseconds-sized and would put every lookup in the first one).
    /// </summary>
    public static IReadOnlyList<double> LookupDurationBuckets { get; } =
    [
        50e-9, 100e-9, 200e-9, 500e-9,
        1e-6, 2e-6, 5e-6, 10e-6, 20e-6, 50e-6, 100e-6, 200e-6, 500e-6,
        1e-3, 2e-3, 5e-3, 10e-3, 20e-3, 50e-3, 100e-3,
    ];
}
