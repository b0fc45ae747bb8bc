// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;
using DcacheStress.Service.Hosting;
using DcacheStress.Workload;

namespace DcacheStress.Service.Reporting;

/// <summary>
/// Cumulative ops and hits of every patch, sampled every few seconds on the run's clock (the
/// report's throughput and hits-over-time charts). The interval grows with the duration so that a
/// long run keeps a few hundred samples per patch.
/// </summary>
public sealed class TimelineRecorder : IRunObserver
{
    private readonly StressEngine _engine;
    private readonly List<TimelineSample> _samples = [];
    private double _next;

    /// <summary>Sample <paramref name="engine"/>.</summary>
    public TimelineRecorder(StressEngine engine)
    {
        _engine = engine;
        IntervalSeconds = IntervalFor(engine.Options.Duration);
        _next = IntervalSeconds;
    }

    /// <summary>Seconds between samples.</summary>
    public double IntervalSeconds { get; }

    /// <summary>The samples so far.</summary>
    public IReadOnlyList<TimelineSample> Samples => _samples;

    /// <summary>2 s, or duration / 500 for long runs (at most 60 s).</summary>
    public static double IntervalFor(TimeSpan duration) => Math.Clamp(duration.TotalSeconds / 500, 2, 60);

    /// <summary>Take a sample when one is due.</summary>
    public void Tick()
    {
        double now = _engine.Elapsed.TotalSeconds;
        if (now < _next)
            return;
        Sample(now);
        while (_next <= now)
            _next += IntervalSeconds;
    }

    /// <summary>Take a sample now (the last one, at the end of the run).</summary>
    public void Final()
    {
        double now = _engine.Elapsed.TotalSeconds;
        if (_samples.Count == 0 || _samples[^1].TSeconds < now)
            Sample(now);
    }

    /// <inheritdoc/>
    void IRunObserver.Final(RunEnd end) => Final();

    private void Sample(double now)
    {
        foreach (PatchTarget t in _engine.Targets)
            _samples.Add(new TimelineSample { TSeconds = now, Patch = t.Patch.Name, Ops = t.TotalOps, Hits = t.Dcache.bug.TotalHits });
    }
}
