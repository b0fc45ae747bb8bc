// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics.Metrics;
using DcacheStress.Kernel;
using DcacheStress.Service.Crash;
using DcacheStress.Workload;

namespace DcacheStress.Service.Telemetry;

/// <summary>
/// Owns the <see cref="Meter"/> and every instrument (names in <see cref="MetricNames"/>). The
/// counters are observable: at scrape time they sum the per-thread counters of each patch, so the
/// workers' hot loops never touch a shared counter. The only recorded instrument is the lookup
/// duration histogram, fed by the engine's sampler (one op in 128).
/// </summary>
public sealed class StressInstrumentation : IDisposable
{
    private static readonly OpKind[] s_ops = Enum.GetValues<OpKind>();
    private static readonly OpResult[] s_results = Enum.GetValues<OpResult>();

    private readonly Meter _meter;
    private readonly Histogram<double> _lookupDuration;
    private volatile Attached? _run;

    /// <summary>Create the meter through the host's <paramref name="meterFactory"/>.</summary>
    public StressInstrumentation(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(new MeterOptions(MetricNames.MeterName) { Version = ServiceVersion.Short });

        // Names already carry their Prometheus suffixes (_total, _seconds): no unit is set where
        // the exporter would append one a second time.
        _meter.CreateObservableCounter(MetricNames.Ops, ObserveOps,
            description: "Finished operations by type and result, per patch.");
        _meter.CreateObservableCounter(MetricNames.InvariantHits,
            () => PerPatchAndName(InvariantInfo.All, MetricNames.Labels.Invariant, InvariantInfo.Name, (t, inv) => t.Dcache.bug.Hits(inv)),
            description: "Invariant hits (kernel BUG_ON/WARN_ON sites and root-cause checks), per patch.");
        _meter.CreateObservableCounter(MetricNames.Observations,
            () => PerPatchAndName(InvariantInfo.AllObservations, MetricNames.Labels.Observation, InvariantInfo.Name, (t, obs) => t.Dcache.bug.Observed(obs)),
            description: "Observations: how often a window opened (not bugs), per patch.");
        _meter.CreateObservableCounter(MetricNames.PatchActiveSeconds,
            () => PerPatch((run, t) => run.Engine.ActiveSecondsNow(t)),
            description: "Seconds each patch has been the running one (patches take turns in rounds).");
        _meter.CreateObservableCounter(MetricNames.SeqcountRetries,
            () => PerPatch((_, t) => t.TotalSeqRetries),
            description: "RCU-walk seqcount validations that failed, per patch.");
        _meter.CreateObservableCounter(MetricNames.Lookups,
            () => PerPatch((_, t) => t.TotalLookups),
            description: "Path component lookups, per patch.");
        _meter.CreateObservableGauge(MetricNames.Threads,
            () => RunWide(run => run.Engine.Options.Threads),
            description: "Worker threads of the run.");
        _meter.CreateObservableGauge(MetricNames.ActivePatch, ObserveActivePatch,
            description: "1 for the patch whose round is running, 0 for the others.");
        _meter.CreateObservableGauge(MetricNames.Round,
            () => RunWide(run => run.Engine.RoundIndex),
            description: "Index of the current round (0-based; -1 before the first).");
        _meter.CreateObservableGauge(MetricNames.RunInfo, ObserveRunInfo,
            description: "Always 1; the labels describe the run (one series per patch).");
        _meter.CreateObservableGauge(MetricNames.LastHitTimestamp,
            () => PerPatch((run, t) => run.Recorder.LastHitUnixSeconds(run.IndexOf(t))),
            description: "Unix time of the patch's last invariant hit, seconds (0: none yet).");
        _meter.CreateObservableGauge(MetricNames.ExpectedClean,
            () => PerPatch((_, t) => t.Patch.ExpectedClean ? 1 : 0),
            description: "1 when the patch is known correct (must show zero hits), 0 when known broken.");
        _meter.CreateObservableCounter(MetricNames.CrashRecordsDropped,
            () => RunWide(run => run.Recorder.Dropped),
            description: "Crash records lost because the reporter's channel was full (the hits are still counted).");
        // Crash unit (issue 13): per patch, zeros included so that a dashboard shows a patch that never crashed.
        _meter.CreateObservableCounter(MetricNames.Crashes,
            () => PerPatch((_, t) => (long)t.Crash.Totals(t.TotalOps, lists: false).Crashes),
            description: "Crashes: the first kernel-BUG-class hit of a boot (the kernel would have oopsed), per patch.");
        _meter.CreateObservableCounter(MetricNames.Boots,
            () => PerPatch((_, t) => (long)t.Crash.Boots),
            description: "Boots of each patch's dcache, mounts and server (--on-bug reboot starts one after each crash), the first included.");
        _meter.CreateObservableCounter(MetricNames.OpsAtRisk,
            () => PerPatch((_, t) => t.Crash.Totals(t.TotalOps, lists: false).OpsAtRisk),
            description: "Operations run in boots before their crash: the exposure of the crash rate, per patch.");
        _meter.CreateObservableCounter(MetricNames.RootCauseBoots,
            () => PerPatch((_, t) => (long)t.Crash.Totals(t.TotalOps, lists: false).BootsWithRootCause),
            description: "Boots with at least one root-cause hit before any crash (a burst of hits counts once), per patch.");
        _meter.CreateObservableCounter(MetricNames.HitsAfterCrash,
            () => PerPatch((_, t) => t.Crash.Totals(t.TotalOps, lists: false).AfterCrashHits.Values.Sum()),
            description: "Invariant hits in a boot after its crash, before the workers left it (possible consequences; in no rate), per patch.");
        _lookupDuration = _meter.CreateHistogram(MetricNames.LookupDuration, unit: "s",
            description: "Sampled duration of lookup operations (open, stat, deep stat), one in 128.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricNames.LookupDurationBuckets });
    }

    /// <summary>Start reporting <paramref name="engine"/>'s figures; <c>dcache_run_info</c> also carries <paramref name="identity"/>'s labels.</summary>
    public void Attach(StressEngine engine, CrashRecorder recorder, Fleet.RunIdentity? identity = null) =>
        _run = new Attached(engine, recorder, identity);

    /// <summary>
    /// The engine's latency sampler: records lookup-type ops (open, stat, deep stat) into the
    /// histogram. Called on worker threads; allocation-free.
    /// </summary>
    public void RecordLatency(PatchTarget target, OpKind op, double seconds)
    {
        if (op is not (OpKind.Open or OpKind.Stat or OpKind.Lookup))
            return;
        Attached? run = _run;
        if (run is null)
            return;
        _lookupDuration.Record(seconds, run.PatchTag(target), run.FsTag(target));
    }

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveOps()
    {
        Attached? run = _run;
        if (run is null)
            yield break;
        for (int p = 0; p < run.Targets.Length; p++)
        {
            PatchTarget t = run.Targets[p];
            foreach (OpKind op in s_ops)
            {
                foreach (OpResult r in s_results)
                {
                    long n = 0;
                    foreach (WorkerStats s in t.Stats)
                        n += s.Ops(op, r);
                    if (n != 0)
                        yield return new Measurement<long>(n, run.PatchTag(t), run.FsTag(t), new(MetricNames.Labels.Op, OpNames.Name(op)), new(MetricNames.Labels.Result, OpNames.Name(r)));
                }
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveActivePatch()
    {
        Attached? run = _run;
        if (run is null)
            yield break;
        PatchTarget? current = run.Engine.Current; // once, so that one scrape shows one active patch
        foreach (PatchTarget t in run.Targets)
            yield return new Measurement<int>(ReferenceEquals(t, current) ? 1 : 0, run.PatchTag(t), run.FsTag(t));
    }

    private IEnumerable<Measurement<int>> ObserveRunInfo()
    {
        Attached? run = _run;
        if (run is null)
            yield break;
        foreach (PatchTarget t in run.Targets)
        {
            yield return new Measurement<int>(1,
                [run.PatchTag(t),
                run.FsTag(t),
                new(MetricNames.Labels.Workload, WorkloadNames.Name(run.Engine.Options.Workload)),
                new(MetricNames.Labels.Seed, run.Seed),
                new(MetricNames.Labels.Version, ServiceVersion.Short),
                .. run.IdentityTags]);
        }
    }

    /// <summary>One measurement without labels, none before a run is attached.</summary>
    private IEnumerable<Measurement<T>> RunWide<T>(Func<Attached, T> value)
        where T : struct
    {
        Attached? run = _run;
        if (run is not null)
            yield return new Measurement<T>(value(run));
    }

    /// <summary>One measurement per patch, labelled with the patch and its filesystem; none before a run is attached.</summary>
    private IEnumerable<Measurement<T>> PerPatch<T>(Func<Attached, PatchTarget, T> value)
        where T : struct
    {
        Attached? run = _run;
        if (run is null)
            yield break;
        foreach (PatchTarget t in run.Targets)
            yield return new Measurement<T>(value(run, t), run.PatchTag(t), run.FsTag(t));
    }

    /// <summary>
    /// One count per patch and <paramref name="keys"/> entry (labelled <paramref name="label"/> =
    /// <paramref name="name"/>(key), then the patch), leaving out zeros.
    /// </summary>
    private IEnumerable<Measurement<long>> PerPatchAndName<TKey>(
        IEnumerable<TKey> keys, string label, Func<TKey, string> name, Func<PatchTarget, TKey, long> count)
    {
        Attached? run = _run;
        if (run is null)
            yield break;
        foreach (PatchTarget t in run.Targets)
        {
            foreach (TKey key in keys)
            {
                long n = count(t, key);
                if (n != 0)
                    yield return new Measurement<long>(n, new(label, name(key)), run.PatchTag(t), run.FsTag(t));
            }
        }
    }

    /// <summary>The run being reported, with its label values precomputed.</summary>
    private sealed class Attached
    {
        private readonly KeyValuePair<string, object?>[] _patchTags;
        private readonly KeyValuePair<string, object?>[] _fsTags;

        public Attached(StressEngine engine, CrashRecorder recorder, Fleet.RunIdentity? identity)
        {
            IdentityTags = identity is null ? [] : [.. identity.PrometheusLabels().Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value))];
            Engine = engine;
            Recorder = recorder;
            Targets = [.. engine.Targets];
            _patchTags = [.. Targets.Select(t => new KeyValuePair<string, object?>(MetricNames.Labels.Patch, t.Patch.Name))];
            _fsTags = [.. Targets.Select(t => new KeyValuePair<string, object?>(MetricNames.Labels.Filesystem, t.Filesystem))];
            Seed = engine.Options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public StressEngine Engine { get; }

        public CrashRecorder Recorder { get; }

        public PatchTarget[] Targets { get; }

        public string Seed { get; }

        /// <summary>Run identity labels of dcache_run_info (user labels, host, run_id, fleet_id, fleet_task, fleet_engine).</summary>
        public KeyValuePair<string, object?>[] IdentityTags { get; }

        public KeyValuePair<string, object?> PatchTag(PatchTarget t)
        {
            int i = IndexOf(t);
            return i >= 0 ? _patchTags[i] : new(MetricNames.Labels.Patch, t.Patch.Name);
        }

        /// <summary>The <c>filesystem</c> label of <paramref name="t"/> (one value per patch: no extra series).</summary>
        public KeyValuePair<string, object?> FsTag(PatchTarget t)
        {
            int i = IndexOf(t);
            return i >= 0 ? _fsTags[i] : new(MetricNames.Labels.Filesystem, t.Filesystem);
        }

        /// <summary>The index of <paramref name="t"/> in <see cref="Targets"/>, -1 when not there.</summary>
        public int IndexOf(PatchTarget t)
        {
            for (int i = 0; i < Targets.Length; i++)
            {
                if (ReferenceEquals(Targets[i], t))
                    return i;
            }
            return -1;
        }
    }
}
