// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using DcacheStress.Fs;
using DcacheStress.Kernel;

namespace DcacheStress.Workload;

/// <summary>
/// Runs patches in interleaved rounds (A B A B ...) on dedicated OS threads. A round switch parks
/// every worker at a barrier; round ends are computed from the run's start, so a long run does not
/// drift. Workers touch only their own counters. A crash (a boot's first kernel-BUG-class hit)
/// with <see cref="OnBug.Reboot"/> parks the workers at the same barrier, boots the target afresh
/// and releases them into the rest of the round (<see cref="RebootInRound"/>).
/// </summary>
public sealed class StressEngine : IDisposable
{
    private readonly StressOptions _options;
    private readonly OpMix _mix;
    private readonly Thread[] _workers;
    private readonly ulong[][] _rng;        // [worker][patch]: each patch replays the same per-thread streams
    private readonly Barrier _barrier;
    private readonly ManualResetEventSlim _stopEvent = new(false);
    private readonly ManualResetEventSlim _crashEvent = new(false); // a target crashed: the controller reboots it
    private readonly Stopwatch _clock = new();
    private volatile PatchTarget? _current;
    private volatile bool _roundStop;
    private volatile bool _exit;
    private volatile bool _resumeAfterReboot; // the next release continues a round after a reboot
    private long _roundStartTicks;
    private int _round = -1;
    private int _unstoppable;
    private long _offsetTicks;   // elapsed run time carried over from a checkpoint
    private int _slotOffset;     // next round slot carried over from a checkpoint

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

    /// <summary>
    /// Raised on the controller thread after a target rebooted (workers still parked), with its old
    /// boot: nothing may touch that instance any more.
    /// </summary>
    public event Action<PatchTarget, TargetBoot>? Rebooted;

    /// <summary>Raised on the controller thread when a round starts.</summary>
    public event Action<PatchTarget, int>? RoundStarted;

    /// <summary>The patch running now (null between rounds).</summary>
    public PatchTarget? Current => _current;

    /// <summary>Index of the current round.</summary>
    public int RoundIndex => Volatile.Read(ref _round);

    /// <summary>Wall-clock time of the run (including time carried over from a checkpoint).</summary>
    public TimeSpan Elapsed => TimeSpan.FromSeconds(NowTicks / (double)Stopwatch.Frequency);

    private long NowTicks => _clock.ElapsedTicks + _offsetTicks;

    /// <summary>Raised on the watchdog thread when a worker made no progress for <see cref="StressOptions.WatchdogTimeout"/>.</summary>
    public event Action<WatchdogReport>? Stalled;

    /// <summary>The options.</summary>
    public StressOptions Options => _options;

    /// <summary>
    /// Process CPU seconds (every thread, user and system) from the workers' start to the end of
    /// the last round, warm-up excluded; null until <see cref="Run"/> returned normally. The
    /// per-CPU-second rates of a shared, noisy machine divide by this, not by wall time.
    /// </summary>
    public double? CpuSeconds { get; private set; }

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
            t.Dcache.race.SetPolicy(WindowPolicyNames.Policy(options.RaceWindows, options.WindowPolicy));
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
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var w in _workers)
            w.Start();
        _clock.Start();
        long durationTicks = (long)(_options.Duration.TotalSeconds * Stopwatch.Frequency);
        long roundTicks = (long)(_options.Round.TotalSeconds * Stopwatch.Frequency);
        int slot = _slotOffset;
        var watchdog = StartWatchdog();
        while (!_stopEvent.IsSet)
        {
            long slotEnd = Math.Min((slot + 1) * roundTicks, durationTicks);
            if (slotEnd <= NowTicks && slot > _slotOffset)
                break;
            var target = Targets[slot % Targets.Count];
            if (!RunRound(target, slot, slotEnd))
            {
                _watchdogDone.Set();
                return; // workers could not be stopped: leave them (background threads)
            }
            slot++;
            Volatile.Write(ref _nextSlot, slot);
            if (slotEnd >= durationTicks)
                break;
        }
        _watchdogDone.Set();
        watchdog?.Join();
        CpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
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
            scratch.Shutdown(); // the scratch boot's kernel threads (Lustre's ldlm_bl) stop with it
        }
    }

    private bool RunRound(PatchTarget target, int slot, long slotEnd)
    {
        // A crash at the end of this target's last round: its workers are all parked, boot it now.
        if (RebootDue(target))
            Reboot(target);
        long opsBefore = target.TotalOps;
        long hitsBefore = target.Dcache.bug.TotalHits;
        var byInvBefore = target.Dcache.bug.HitsByName();
        int crashesBefore = target.Crash.Totals(opsBefore).Crashes;
        ulong roundSeed = SeedMix.Derive(_options.Seed, Targets.Count == 0 ? 0 : slot / Targets.Count, 1);
        _roundFirstHit = null;
        _roundFirstCrash = null;
        _roundActiveBase = target.ActiveSeconds;
        _resumeAfterReboot = false;
        _current = target;
        _roundStop = false;
        Volatile.Write(ref _round, slot);
        _roundSeed = roundSeed;
        // The round's clock starts before the release: a worker may hit an invariant the moment
        // it passes the barrier, and its hit time must be measured from this round's start.
        long start = Stopwatch.GetTimestamp();
        Volatile.Write(ref _roundStartTicks, start);
        _barrier.SignalAndWait(); // start: every worker picks up _current
        RoundStarted?.Invoke(target, slot);

        WaitHandle[] wake = [_stopEvent.WaitHandle, _crashEvent.WaitHandle];
        bool parked = true;
        while (true)
        {
            long waitTicks = slotEnd - NowTicks;
            if (waitTicks <= 0 || WaitHandle.WaitAny(wake, TimeSpan.FromSeconds(waitTicks / (double)Stopwatch.Frequency)) is 0 or WaitHandle.WaitTimeout)
                break;
            _crashEvent.Reset(); // then look: a crash after this Reset sets it again
            if (RebootDue(target) && !_stopEvent.IsSet)
            {
                parked = RebootInRound(target, ref start);
                if (!parked)
                    break;
            }
        }
        long end = Stopwatch.GetTimestamp();
        if (parked)
        {
            _roundStop = true;
            parked = _barrier.SignalAndWait(_options.StopTimeout);
            end = Stopwatch.GetTimestamp();
            _current = null;
            Interlocked.Add(ref target._activeTicks, end - start);
        }
        int crashes = target.Crash.Totals(target.TotalOps).Crashes - crashesBefore;
        if (parked)
            target.Dcache.race.EndRound(); // workers parked: feedback moves the per-site probabilities

        var byInv = target.Dcache.bug.HitsByName();
        var delta = byInv.ToDictionary(kv => kv.Key, kv => kv.Value - byInvBefore.GetValueOrDefault(kv.Key))
            .Where(kv => kv.Value != 0).ToDictionary(kv => kv.Key, kv => kv.Value);
        lock (target.Rounds)
            target.Rounds.Add(new RoundRecord(target.Rounds.Count, roundSeed, target.TotalOps - opsBefore,
            target.ActiveSeconds - _roundActiveBase, target.Dcache.bug.TotalHits - hitsBefore, _roundFirstHit, delta, crashes, _roundFirstCrash));
        if (!parked)
        {
            // A timed-out SignalAndWait withdraws the controller's own signal: the others are stuck.
            Volatile.Write(ref _unstoppable, Math.Max(1, _barrier.ParticipantsRemaining - 1));
            return false;
        }
        return true;
    }

    private ulong _roundSeed;
    private double? _roundFirstHit;
    private double? _roundFirstCrash;
    private double _roundActiveBase; // the target's active seconds when the round started

    /// <summary>Boot <paramref name="target"/> afresh (workers parked), then tell <see cref="Rebooted"/>.</summary>
    private void Reboot(PatchTarget target)
    {
        // Not folded into Rebooted?.Invoke(...): its arguments are not evaluated when nobody listens.
        TargetBoot old = target.Reboot(target.ActiveSeconds);
        Rebooted?.Invoke(target, old);
        old.Dispose(); // the crashed boot's kernel threads stop with it (workers are parked: no request in flight)
    }

    /// <summary>The target's boot crashed and <c>--on-bug reboot</c> is on.</summary>
    private bool RebootDue(PatchTarget target) => _options.OnBug == OnBug.Reboot && target.Crash.Crashed;

    /// <summary>
    /// The reboot inside a round. The quiesce: the workers see <c>_roundStop</c> at their next op
    /// boundary and park at the barrier, so when <c>SignalAndWait</c> returns none of them is
    /// inside the crashed instance (hits they made until then count as after-crash). The new boot
    /// is built on this thread; the release barrier publishes it (a full fence, as any barrier:
    /// it pairs with the workers' reads of the target's boot after their own SignalAndWait), and
    /// no worker holds a reference into the old one across it (ops keep nothing between calls).
    /// False when some worker did not park within <see cref="StressOptions.StopTimeout"/>.
    /// </summary>
    private bool RebootInRound(PatchTarget target, ref long segmentStart)
    {
        _roundStop = true;
        bool parked = _barrier.SignalAndWait(_options.StopTimeout);
        long parkedAt = Stopwatch.GetTimestamp();
        _current = null; // the active-seconds clock stops while the target boots
        Interlocked.Add(ref target._activeTicks, parkedAt - segmentStart);
        if (!parked)
            return false;
        Reboot(target);
        _resumeAfterReboot = true;
        _roundStop = false;
        _current = target;
        segmentStart = Stopwatch.GetTimestamp();
        Volatile.Write(ref _roundStartTicks, segmentStart);
        _barrier.SignalAndWait(); // release: every worker goes on with the new boot
        return true;
    }

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
            if (!_resumeAfterReboot)
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
        int boot = t.Crash.BootIndex;
        HitClass cls = t.Crash.OnHit(inv, t.TotalOps, now, task.comm);
        if (cls != HitClass.AfterCrash)
            t.Dcache.race.AttributeHit(task, _tasks, cls == HitClass.Crash);
        lock (t)
        {
            t.FirstHitSeconds ??= now;
            _roundFirstHit ??= now - _roundActiveBase;
            if (cls == HitClass.Crash)
                _roundFirstCrash ??= now - _roundActiveBase;
        }
        HitListener?.OnHit(t, inv, d, task, now, cls, boot);
        if (cls != HitClass.Crash)
            return;
        if (_options.StopOnFirstCrash)
            RequestStop();
        if (_options.OnBug == OnBug.Reboot)
            _crashEvent.Set(); // the controller quiesces and reboots the target
    }

    private readonly ManualResetEventSlim _watchdogDone = new(false);
    private int _nextSlot;

    /// <summary>Watch every worker's progress while a round runs; report one that is stuck.</summary>
    private Thread? StartWatchdog()
    {
        if (_options.WatchdogTimeout <= TimeSpan.Zero)
            return null;
        var t = new Thread(() =>
        {
            int n = _options.Threads;
            var last = new long[n];
            var since = new long[n];
            var reported = new bool[n];
            PatchTarget? seenTarget = null;
            int seenRound = -1;
            long timeout = (long)(_options.WatchdogTimeout.TotalSeconds * Stopwatch.Frequency);
            var interval = TimeSpan.FromMilliseconds(Math.Clamp(_options.WatchdogTimeout.TotalMilliseconds / 4, 50, 1000));
            while (!_watchdogDone.Wait(interval))
            {
                var target = _current;
                int round = RoundIndex;
                long now = Stopwatch.GetTimestamp();
                if (target is null)
                    continue;
                if (!ReferenceEquals(target, seenTarget) || round != seenRound)
                {
                    seenTarget = target;
                    seenRound = round;
                    for (int i = 0; i < n; i++)
                    {
                        last[i] = target.Stats[i].TotalOps;
                        since[i] = now;
                        reported[i] = false;
                    }
                    continue;
                }
                for (int i = 0; i < n; i++)
                {
                    long p = target.Stats[i].TotalOps;
                    if (p != last[i])
                    {
                        last[i] = p;
                        since[i] = now;
                        reported[i] = false;
                    }
                    else if (!reported[i] && now - since[i] > timeout)
                    {
                        reported[i] = true;
                        var task = _tasks[i];
                        Stalled?.Invoke(new WatchdogReport(i, task?.comm ?? $"w{i}", target.Patch.Name, task?.wchan,
                            (now - since[i]) / (double)Stopwatch.Frequency,
                            task?.trace.snapshot(task.comm, _clockOriginTicks) ?? [],
                            target.Boot.StallState(_clockOriginTicks)));
                    }
                }
            }
        })
        { IsBackground = true, Name = "watchdog" };
        t.Start();
        return t;
    }

    private readonly long _clockOriginTicks = Stopwatch.GetTimestamp();

    /// <summary>The run's cumulative figures now (safe while running; counters are read racily, which a checkpoint tolerates).</summary>
    public EngineCheckpoint Checkpoint() => new()
    {
        Seed = _options.Seed,
        Workload = WorkloadNames.Name(_options.Workload),
        Threads = _options.Threads,
        Patches = [.. Targets.Select(t => t.Patch.Name)],
        ElapsedSeconds = Elapsed.TotalSeconds,
        NextSlot = Math.Max(Volatile.Read(ref _nextSlot), _slotOffset),
        Targets = [.. Targets.Select(t =>
        {
            var ops = new Dictionary<string, long>();
            for (int op = 0; op < OpNames.OpCount; op++)
            {
                for (int r = 0; r < OpNames.ResultCount; r++)
                {
                    long n = t.Stats.Sum(s => s.Ops((OpKind)op, (OpResult)r));
                    if (n != 0)
                        ops[$"{OpNames.Name((OpKind)op)}/{OpNames.Name((OpResult)r)}"] = n;
                }
            }
            List<RoundRecord> rounds;
            lock (t.Rounds)
                rounds = [.. t.Rounds];
            return new TargetCheckpoint
            {
                Patch = t.Patch.Name,
                Ops = ops,
                Lookups = t.TotalLookups,
                SeqRetries = t.TotalSeqRetries,
                Hits = new(t.Dcache.bug.HitsByName()),
                Observations = new(t.Dcache.bug.ObservationsByName()),
                ActiveSeconds = ActiveSecondsNow(t),
                FirstHitSeconds = t.FirstHitSeconds,
                Crash = t.Crash.Totals(t.TotalOps),
                Rounds = rounds,
            };
        })],
    };

    /// <summary>
    /// Continue from <paramref name="cp"/> (before <see cref="Run"/>): its totals become this run's
    /// starting totals, its elapsed time counts against the duration, and the round order goes on.
    /// </summary>
    public void Restore(EngineCheckpoint cp)
    {
        if (!cp.Patches.SequenceEqual(Targets.Select(t => t.Patch.Name)))
            throw new InvalidOperationException($"checkpoint patches ({string.Join(",", cp.Patches)}) differ from this run's");
        _offsetTicks = (long)(cp.ElapsedSeconds * Stopwatch.Frequency);
        _slotOffset = cp.NextSlot;
        _nextSlot = cp.NextSlot;
        foreach (var tc in cp.Targets)
        {
            var t = Targets.First(x => x.Patch.Name == tc.Patch);
            var s0 = t.Stats[0];
            foreach (var (key, n) in tc.Ops)
            {
                var parts = key.Split('/');
                int op = Enumerable.Range(0, OpNames.OpCount).First(i => OpNames.Name((OpKind)i) == parts[0]);
                int r = Enumerable.Range(0, OpNames.ResultCount).First(i => OpNames.Name((OpResult)i) == parts[1]);
                s0.Carry((OpKind)op, (OpResult)r, n);
            }
            s0.AddWalk(tc.Lookups, tc.SeqRetries);
            foreach (var (name, n) in tc.Hits)
            {
                if (InvariantInfo.TryParse(name, out Invariant inv))
                    t.Dcache.bug.Carry(inv, n);
            }
            foreach (var (name, n) in tc.Observations)
            {
                if (InvariantInfo.TryParseObservation(name, out Observation obs))
                    t.Dcache.bug.Carry(obs, n);
            }
            t._activeTicks = (long)(tc.ActiveSeconds * Stopwatch.Frequency);
            t.FirstHitSeconds = tc.FirstHitSeconds;
            if (tc.Crash is not null)
                t.Crash.Restore(tc.Crash, t.TotalOps, t.ActiveSeconds);
            lock (t.Rounds)
                t.Rounds.AddRange(tc.Rounds);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (PatchTarget t in Targets)
            t.Shutdown();
        _stopEvent.Dispose();
        _crashEvent.Dispose();
        _watchdogDone.Dispose();
        if (_unstoppable == 0)
            _barrier.Dispose();
    }

    private sealed class TargetSink(StressEngine engine, PatchTarget target) : IInvariantSink
    {
        public void OnHit(Invariant inv, dentry? d, task_struct task) => engine.OnHit(target, inv, d, task);
    }
}
