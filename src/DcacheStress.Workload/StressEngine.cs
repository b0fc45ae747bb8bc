// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using DcacheStress.Fs;
using DcacheStress.Kernel;

namespace DcacheStress.Workload;

/// <summary>
/// Runs patches in interleaved rounds (A B A B ...) on dedicated OS threads. A round switch parks
/// every worker at a barrier; round ends are computed from the run's start, so a long run does not
/// drift. Workers touch only their own counters.
/// </summary>
public sealed class StressEngine : IDisposable
{
    private readonly StressOptions _options;
    private readonly OpMix _mix;
    private readonly Thread[] _workers;
    private readonly ulong[][] _rng;        // [worker][patch]: each patch replays the same per-thread streams
    private readonly Barrier _barrier;
    private readonly ManualResetEventSlim _stopEvent = new(false);
    private readonly Stopwatch _clock = new();
    private volatile PatchTarget? _current;
    private volatile bool _roundStop;
    private volatile bool _exit;
    private long _roundStartTicks;
    private int _round = -1;
    private int _unstoppable;

    /// <summary>The patches' targets, in option order.</summary>
    public IReadOnlyList<PatchTarget> Targets { get; }

    /// <summary>Told about every hit (set before <see cref="Run"/>).</summary>
    public IHitListener? HitListener { get; set; }

    /// <summary>
    /// Called on a worker thread with the duration (seconds) of one sampled op in 128 (path walks,
    /// opens and stats; the lookup-duration histogram). Must be cheap and thread-safe.
    /// </summary>
    public Action<PatchTarget, OpKind, double>? LatencySampler { get; set; }

    /// <summary>The workers' tasks (for crash records: every thread's last events); null until started.</summary>
    public IReadOnlyList<task_struct?> Tasks => _tasks;

    private readonly task_struct?[] _tasks;

    /// <summary>Raised on the controller thread when a round starts.</summary>
    public event Action<PatchTarget, int>? RoundStarted;

    /// <summary>The patch running now (null between rounds).</summary>
    public PatchTarget? Current => _current;

    /// <summary>Index of the current round.</summary>
    public int RoundIndex => Volatile.Read(ref _round);

    /// <summary>Wall-clock time since the run started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The options.</summary>
    public StressOptions Options => _options;

    /// <summary>Workers that did not park when asked (stuck: lost wake-up, livelock).</summary>
    public int UnstoppableThreads => Volatile.Read(ref _unstoppable);

    /// <summary>True once a stop was requested (Ctrl-C, stop-on-first-hit).</summary>
    public bool StopRequested => _stopEvent.IsSet;

    /// <summary>Build the targets (one dcache and server per patch) and the workers.</summary>
    public StressEngine(StressOptions options, Func<string, Patch>? patchFactory = null)
    {
        _options = options;
        var errors = options.Validate(PatchCatalog.Names.ToArray());
        if (patchFactory is null && errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        patchFactory ??= name => PatchCatalog.TryCreate(name, out var p) ? p : throw new ArgumentException($"unknown patch {name}");
        _mix = OpMix.For(options.Workload, options.Churn);
        var targets = new List<PatchTarget>();
        foreach (var name in options.Patches)
        {
            var t = new PatchTarget(patchFactory(name), options);
            t.Dcache.race.SetPolicy(options.RaceWindows ? RaceWindowPolicy.Default : null);
            t.Dcache.bug.StopOnFirstHit = options.StopOnFirstHit;
            t.Dcache.bug.Stop += RequestStop;
            t.Dcache.bug.Sink = new TargetSink(this, t);
            targets.Add(t);
        }
        Targets = targets;
        _rng = new ulong[options.Threads][];
        for (int i = 0; i < options.Threads; i++)
        {
            _rng[i] = new ulong[targets.Count];
            for (int p = 0; p < targets.Count; p++)
                _rng[i][p] = SeedMix.Derive(options.Seed, i, 0);
        }
        _tasks = new task_struct?[options.Threads];
        _barrier = new Barrier(options.Threads + 1);
        _workers = new Thread[options.Threads];
        for (int i = 0; i < _workers.Length; i++)
        {
            int idx = i;
            _workers[i] = new Thread(() => WorkerMain(idx)) { IsBackground = true, Name = $"w{idx}" };
        }
    }

    /// <summary>Ask the run to end early (safe from any thread, signal handlers included).</summary>
    public void RequestStop() => _stopEvent.Set();

    /// <summary>Run to the end (duration elapsed or stop requested). Returns when workers are parked.</summary>
    public void Run()
    {
        WarmUp();
        foreach (var w in _workers)
            w.Start();
        _clock.Start();
        long durationTicks = (long)(_options.Duration.TotalSeconds * Stopwatch.Frequency);
        long roundTicks = (long)(_options.Round.TotalSeconds * Stopwatch.Frequency);
        int slot = 0;
        while (!_stopEvent.IsSet)
        {
            long slotEnd = Math.Min((slot + 1) * roundTicks, durationTicks);
            if (slotEnd <= _clock.ElapsedTicks && slot > 0)
                break;
            var target = Targets[slot % Targets.Count];
            if (!RunRound(target, slot, slotEnd))
                return; // workers could not be stopped: leave them (background threads)
            slot++;
            if (slotEnd >= durationTicks)
                break;
        }
        _exit = true;
        _barrier.SignalAndWait(_options.StopTimeout); // release the workers into their exit path
    }

    /// <summary>
    /// Run every op of the mix single-threaded on a scratch copy of each patch's namespace, so that
    /// the first measured round is not paying for the JIT. Nothing here is counted.
    /// </summary>
    private void WarmUp()
    {
        if (_options.Warmup <= TimeSpan.Zero)
            return;
        var scratchOptions = _options with { Threads = 1, RaceWindows = false };
        foreach (var t in Targets)
        {
            var scratch = new PatchTarget(t.Patch, scratchOptions);
            ulong rng = SeedMix.Derive(_options.Seed, -1, 4);
            var stats = scratch.Stats[0];
            long until = Stopwatch.GetTimestamp() + (long)(_options.Warmup.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until && !_stopEvent.IsSet)
                Ops.Run(_mix.Pick(SeedMix.Next(ref rng)), scratch, stats, ref rng);
        }
    }

    private bool RunRound(PatchTarget target, int slot, long slotEnd)
    {
        long opsBefore = target.TotalOps;
        long hitsBefore = target.Dcache.bug.TotalHits;
        var byInvBefore = target.Dcache.bug.HitsByName();
        ulong roundSeed = SeedMix.Derive(_options.Seed, Targets.Count == 0 ? 0 : slot / Targets.Count, 1);
        _roundFirstHit = null;
        _current = target;
        _roundStop = false;
        Volatile.Write(ref _round, slot);
        _roundSeed = roundSeed;
        _barrier.SignalAndWait(); // start: every worker picks up _current
        long start = Stopwatch.GetTimestamp();
        Volatile.Write(ref _roundStartTicks, start);
        RoundStarted?.Invoke(target, slot);

        long waitTicks = slotEnd - _clock.ElapsedTicks;
        if (waitTicks > 0)
            _stopEvent.Wait(TimeSpan.FromSeconds(waitTicks / (double)Stopwatch.Frequency));
        _roundStop = true;
        bool parked = _barrier.SignalAndWait(_options.StopTimeout);
        long end = Stopwatch.GetTimestamp();
        Interlocked.Add(ref target._activeTicks, end - start);
        _current = null;

        var byInv = target.Dcache.bug.HitsByName();
        var delta = byInv.ToDictionary(kv => kv.Key, kv => kv.Value - byInvBefore.GetValueOrDefault(kv.Key))
            .Where(kv => kv.Value != 0).ToDictionary(kv => kv.Key, kv => kv.Value);
        target.Rounds.Add(new RoundRecord(target.Rounds.Count, roundSeed, target.TotalOps - opsBefore,
            (end - start) / (double)Stopwatch.Frequency, target.Dcache.bug.TotalHits - hitsBefore, _roundFirstHit, delta));
        if (!parked)
        {
            // The controller has signalled; whoever is still missing is stuck in the ported code.
            Volatile.Write(ref _unstoppable, _barrier.ParticipantsRemaining);
            return false;
        }
        return true;
    }

    private ulong _roundSeed;
    private double? _roundFirstHit;

    private void WorkerMain(int idx)
    {
        if (_options.Pin)
            Affinity.PinCurrentThread(idx % Environment.ProcessorCount);
        var task = new task_struct($"w{idx}", SeedMix.Derive(_options.Seed, idx, 2));
        task_struct.set_current_task(task);
        _tasks[idx] = task;
        uint sample = (uint)idx;
        while (true)
        {
            _barrier.SignalAndWait();
            if (_exit)
                return;
            var target = _current!;
            int p = IndexOf(target);
            var stats = target.Stats[idx];
            ulong rng = _rng[idx][p];
            task.rng = SeedMix.Derive(_roundSeed, idx, 3); // race-window draws: same per round and thread
            var mix = _mix;
            var sampler = LatencySampler;
            while (!_roundStop)
            {
                var op = mix.Pick(SeedMix.Next(ref rng));
                if (sampler is null || (++sample & 127) != 0)
                {
                    Ops.Run(op, target, stats, ref rng);
                    continue;
                }
                long t0 = Stopwatch.GetTimestamp();
                Ops.Run(op, target, stats, ref rng);
                sampler(target, op, (Stopwatch.GetTimestamp() - t0) / (double)Stopwatch.Frequency);
            }
            _rng[idx][p] = rng;
            _barrier.SignalAndWait();
        }
    }

    private int IndexOf(PatchTarget t)
    {
        for (int i = 0; i < Targets.Count; i++)
        {
            if (ReferenceEquals(Targets[i], t))
                return i;
        }
        return -1;
    }

    /// <summary>Active seconds of <paramref name="t"/> now, including the running round.</summary>
    public double ActiveSecondsNow(PatchTarget t)
    {
        long ticks = Volatile.Read(ref t._activeTicks);
        if (ReferenceEquals(_current, t))
            ticks += Stopwatch.GetTimestamp() - Volatile.Read(ref _roundStartTicks);
        return ticks / (double)Stopwatch.Frequency;
    }

    private void OnHit(PatchTarget t, Invariant inv, dentry? d, task_struct task)
    {
        double now = ActiveSecondsNow(t);
        lock (t)
        {
            t.FirstHitSeconds ??= now;
            _roundFirstHit ??= (Stopwatch.GetTimestamp() - Volatile.Read(ref _roundStartTicks)) / (double)Stopwatch.Frequency;
        }
        HitListener?.OnHit(t, inv, d, task, now);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopEvent.Dispose();
        if (_unstoppable == 0)
            _barrier.Dispose();
    }

    private sealed class TargetSink(StressEngine engine, PatchTarget target) : IInvariantSink
    {
        public void OnHit(Invariant inv, dentry? d, task_struct task) => engine.OnHit(target, inv, d, task);
    }
}
