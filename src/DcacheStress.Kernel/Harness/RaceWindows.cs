// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace DcacheStress.Kernel;

/// <summary>
/// The race-window hooks of one dcache instance. <see cref="Hit"/> costs one predictable branch
/// when off; when on it applies the seeded <see cref="RaceWindowPolicy"/> or the installed
/// deterministic <see cref="IRaceSchedule"/>. A delay never changes what the code does, only when:
/// every hit it leads to is a real interleaving of the ported code. With a policy, every delay is
/// counted per site (count and time) and <see cref="AttributeHit"/> credits a hit to the sites
/// whose delays preceded it; <see cref="EndRound"/> applies the policy's
/// <see cref="RaceWindowFeedback"/>, if any, to the per-site probabilities.
/// </summary>
public sealed class RaceWindows
{
    private bool _active;           // policy or schedule installed (read on every Hit)
    private RaceWindowPolicy? _policy;
    private IRaceSchedule? _schedule;
    private readonly bool[] _siteOn = RaceSites.All.Select(s => !RaceSites.ReproOnly(s)).ToArray();
    private readonly double[] _probability = new double[RaceSites.Count]; // per site, read by HitSlow
    private readonly SiteCounters _counters = new();
    private long[] _roundDelays = new long[RaceSites.Count];   // totals at the last EndRound
    private long[] _roundHits = new long[RaceSites.Count];

    /// <summary>Turn delays on with <paramref name="policy"/> (null = off). Every site starts at the policy's probability.</summary>
    public void SetPolicy(RaceWindowPolicy? policy)
    {
        _policy = policy;
        Array.Fill(_probability, policy?.Probability ?? 0);
        Volatile.Write(ref _active, _policy is not null || _schedule is not null);
    }

    /// <summary>Install a deterministic schedule (null = remove).</summary>
    public void SetSchedule(IRaceSchedule? schedule)
    {
        _schedule = schedule;
        Volatile.Write(ref _active, _policy is not null || _schedule is not null);
    }

    /// <summary>Enable or disable delays at one site (all but the repro-only ones are on by default).</summary>
    public void SetSite(RaceSite site, bool on) => _siteOn[(int)site] = on;

    /// <summary>True when any policy or schedule is installed.</summary>
    public bool Active => Volatile.Read(ref _active);

    /// <summary>The installed policy (null: none).</summary>
    public RaceWindowPolicy? Policy => _policy;

    /// <summary>The delay probability of <paramref name="site"/> now (the policy's, or what feedback made of it).</summary>
    public double Probability(RaceSite site) => Volatile.Read(ref _probability[(int)site]);

    /// <summary>The hook: called by the ported code at <paramref name="site"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Hit(RaceSite site)
    {
        if (_active)
            HitSlow(site);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void HitSlow(RaceSite site)
    {
        var task = task_struct.current;
        if (_schedule is { } schedule)
        {
            task.trace.add(TraceEvent.race_window, 0, (int)site);
            task.wchan = RaceSites.Name(site);
            schedule.At(site, task);
            task.wchan = null;
        }
        var policy = _policy;
        if (policy is null || !_siteOn[(int)site])
            return;
        double probability = _probability[(int)site]; // plain read: EndRound writes it while workers are parked
        double u = (task.next_random() >> 11) * (1.0 / (1UL << 53));
        if (u >= probability)
            return;
        long t0 = Stopwatch.GetTimestamp();
        task.trace.add(TraceEvent.race_window, 0, (int)site);
        double v = u / probability; // reuse the draw: uniform in [0,1) again
        if (v < policy.StallShare)
        {
            long until = t0 + policy.StallMicroseconds * Stopwatch.Frequency / 1_000_000;
            while (Stopwatch.GetTimestamp() < until)
                Thread.Yield();
        }
        else if (v < policy.StallShare + policy.Sleep0Share)
        {
            Thread.Sleep(0);
        }
        else if (v < policy.StallShare + policy.Sleep0Share + policy.YieldShare)
        {
            Thread.Yield();
        }
        else
        {
            Thread.SpinWait(1 + (int)(task.next_random() % (ulong)Math.Max(1, policy.MaxSpin)));
        }
        _counters.Delay((int)site, Stopwatch.GetTimestamp() - t0);
    }

    /// <summary>
    /// Credit a hit by <paramref name="hitter"/> (on its own thread, at the hit) to the sites whose
    /// delays preceded it: delays in its trace since its last <c>op_begin</c> (the system call
    /// that hit), and delays in <paramref name="others"/>' traces since that moment (a racy read of
    /// their rings, as a crash record's). Nothing without a policy.
    /// </summary>
    public void AttributeHit(task_struct hitter, IReadOnlyList<task_struct?> others, bool crash)
    {
        if (_policy is null)
            return;
        Span<bool> own = stackalloc bool[RaceSites.Count];
        Span<bool> any = stackalloc bool[RaceSites.Count];
        long since = hitter.trace.last_tick(TraceEvent.op_begin);
        hitter.trace.mark_args_since(TraceEvent.race_window, since, own);
        foreach (var t in others)
        {
            if (t is not null && !ReferenceEquals(t, hitter))
                t.trace.mark_args_since(TraceEvent.race_window, since, any);
        }
        _counters.Hit(own, any, crash);
    }

    /// <summary>
    /// A round of this instance ended (controller thread, workers parked: the barrier orders their
    /// counter updates before these reads and this update before their next reads of the
    /// probabilities). With feedback on, update the per-site probabilities from the round's
    /// delays and hits preceded (by the hitting thread's own delays, or any worker's, as
    /// <see cref="RaceWindowFeedback.OwnThread"/> says). Returns true when they changed.
    /// </summary>
    public bool EndRound()
    {
        if (_policy is null)
            return false;
        var delays = new long[RaceSites.Count];
        var hits = new long[RaceSites.Count];
        bool ownThread = _policy.Feedback?.OwnThread ?? false;
        for (int s = 0; s < RaceSites.Count; s++)
        {
            long d = _counters.Delays(s), h = ownThread ? _counters.HitsPrecededOwn(s) : _counters.HitsPreceded(s);
            delays[s] = d - _roundDelays[s];
            hits[s] = h - _roundHits[s];
            _roundDelays[s] = d;
            _roundHits[s] = h;
        }
        return _policy.Feedback is { } feedback && feedback.Update(_probability, delays, hits);
    }

    /// <summary>Hits credited so far (each once, whether or not a delay preceded it).</summary>
    public long AttributedHits => _counters.Attributed;

    /// <summary>Crashes credited so far.</summary>
    public long AttributedCrashes => _counters.AttributedCrashes;

    /// <summary>Every site's totals (racy while workers run).</summary>
    public IReadOnlyList<RaceWindowSiteStats> SiteStats() =>
        [.. RaceSites.All.Select(s => new RaceWindowSiteStats(s, Probability(s), _counters.Delays((int)s),
            _counters.DelayTicks((int)s) / (double)Stopwatch.Frequency, _counters.HitsPrecededOwn((int)s),
            _counters.HitsPreceded((int)s), _counters.CrashesPreceded((int)s)))];

    /// <summary>Per-site counters, one cache line per site so workers delaying at different sites do not share one.</summary>
    private sealed class SiteCounters
    {
        private const int Stride = 8; // longs per site: 64 bytes
        private const int Delays_ = 0, Ticks = 1, Own = 2, Any = 3, Crash = 4;
        private readonly long[] _c = new long[(RaceSites.Count + 1) * Stride];
        private long _attributed;
        private long _attributedCrashes;

        public void Delay(int site, long ticks)
        {
            Interlocked.Increment(ref _c[(site + 1) * Stride + Delays_]);
            Interlocked.Add(ref _c[(site + 1) * Stride + Ticks], ticks);
        }

        public void Hit(ReadOnlySpan<bool> own, ReadOnlySpan<bool> any, bool crash)
        {
            Interlocked.Increment(ref _attributed);
            if (crash)
                Interlocked.Increment(ref _attributedCrashes);
            for (int s = 0; s < own.Length; s++)
            {
                if (own[s])
                    Interlocked.Increment(ref _c[(s + 1) * Stride + Own]);
                if (!own[s] && !any[s])
                    continue;
                Interlocked.Increment(ref _c[(s + 1) * Stride + Any]);
                if (crash)
                    Interlocked.Increment(ref _c[(s + 1) * Stride + Crash]);
            }
        }

        public long Attributed => Volatile.Read(ref _attributed);
        public long AttributedCrashes => Volatile.Read(ref _attributedCrashes);
        public long Delays(int s) => Volatile.Read(ref _c[(s + 1) * Stride + Delays_]);
        public long DelayTicks(int s) => Volatile.Read(ref _c[(s + 1) * Stride + Ticks]);
        public long HitsPrecededOwn(int s) => Volatile.Read(ref _c[(s + 1) * Stride + Own]);
        public long HitsPreceded(int s) => Volatile.Read(ref _c[(s + 1) * Stride + Any]);
        public long CrashesPreceded(int s) => Volatile.Read(ref _c[(s + 1) * Stride + Crash]);
    }
}
