// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Workload;

namespace DcacheStress.Service.Terminal;

/// <summary>
/// The text of a progress report: run clock and total, ops/s since the previous report, ops,
/// hits (per patch when any), the running patch and round, and the ETA (time left and the UTC
/// time of the end). Each reader (live line, log line) owns one: the ops/s window is its own.
/// </summary>
public sealed class ProgressText
{
    private readonly StressEngine _engine;
    private long _lastOps;
    private double _lastSeconds;

    /// <summary>Progress of <paramref name="engine"/>.</summary>
    public ProgressText(StressEngine engine) => _engine = engine;

    /// <summary>The text now (moves the ops/s window); <paramref name="now"/> gives the ETA's clock time.</summary>
    public string Next(DateTimeOffset now)
    {
        var c = CultureInfo.InvariantCulture;
        double seconds = _engine.Elapsed.TotalSeconds;
        long ops = 0, hits = 0;
        var perPatch = new List<string>();
        foreach (PatchTarget t in _engine.Targets)
        {
            ops += t.TotalOps;
            long h = t.Dcache.bug.TotalHits;
            hits += h;
            if (h > 0)
                perPatch.Add(string.Create(c, $"{t.Patch.Name} {Numbers.Grouped(h)}"));
        }
        double dt = seconds - _lastSeconds;
        double rate = dt > 0 ? (ops - _lastOps) / dt : 0;
        _lastOps = ops;
        _lastSeconds = seconds;
        PatchTarget? current = _engine.Current;
        TimeSpan total = _engine.Options.Duration;
        string patch = current is null ? (seconds <= 0 ? "warming up" : "switching") : current.Patch.Name;
        string hitText = perPatch.Count == 0 ? "hits 0" : $"hits {Numbers.Grouped(hits)} ({string.Join(", ", perPatch)})";
        return string.Create(c,
            $"[{seconds,7:0.0}s / {DurationText.Format(total)}] {Numbers.Si(rate),7} ops/s  ops {Numbers.Si(ops),7}  {hitText}  {patch} (round {Math.Max(0, _engine.RoundIndex) + 1})  {Eta(total, seconds, now)}");
    }

    /// <summary><c>ETA 1h29m (15:45 UTC)</c>: time left on the run clock and when that is.</summary>
    public static string Eta(TimeSpan total, double elapsedSeconds, DateTimeOffset now)
    {
        double left = Math.Max(0, total.TotalSeconds - elapsedSeconds);
        TimeSpan rounded = TimeSpan.FromSeconds(Math.Ceiling(left));
        return string.Create(CultureInfo.InvariantCulture, $"ETA {DurationText.Format(rounded)} ({now.UtcDateTime.AddSeconds(left):HH:mm} UTC)");
    }
}
