// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Workload;

namespace DcacheStress.Service.Terminal;

/// <summary>
/// The live progress line (elapsed/total, ops/s over the last interval, hits, current patch and
/// round), rewritten in place with a carriage return. Only used when stdout is a terminal.
/// </summary>
public sealed class ProgressLine
{
    private readonly TextWriter _out;
    private readonly StressEngine _engine;
    private long _lastOps;
    private double _lastSeconds;
    private int _lastWidth;

    /// <summary>A line for <paramref name="engine"/> on <paramref name="output"/>.</summary>
    public ProgressLine(TextWriter output, StressEngine engine)
    {
        _out = output;
        _engine = engine;
    }

    /// <summary>The text of the line now (also moves the ops/s window).</summary>
    public string Text()
    {
        double now = _engine.Elapsed.TotalSeconds;
        long ops = 0, hits = 0;
        foreach (PatchTarget t in _engine.Targets)
        {
            ops += t.TotalOps;
            hits += t.Dcache.bug.TotalHits;
        }
        double dt = now - _lastSeconds;
        double rate = dt > 0 ? (ops - _lastOps) / dt : 0;
        _lastOps = ops;
        _lastSeconds = now;
        PatchTarget? current = _engine.Current;
        string total = Configuration.DurationText.Format(_engine.Options.Duration);
        string patch = current is null ? (now <= 0 ? "warming up" : "switching") : current.Patch.Name;
        return string.Create(CultureInfo.InvariantCulture,
            $"[{now,7:0.0}s / {total}] {Numbers.Si(rate),7} ops/s  ops {Numbers.Si(ops),7}  hits {Numbers.Grouped(hits),9}  {patch} (round {Math.Max(0, _engine.RoundIndex) + 1})");
    }

    /// <summary>Rewrite the line.</summary>
    public void Update()
    {
        string text = Text();
        int pad = Math.Max(0, _lastWidth - text.Length);
        _out.Write("\r" + text + new string(' ', pad));
        _out.Flush();
        _lastWidth = text.Length;
    }

    /// <summary>Erase the line (before the end-of-run output).</summary>
    public void Clear()
    {
        if (_lastWidth == 0)
            return;
        _out.Write("\r" + new string(' ', _lastWidth) + "\r");
        _out.Flush();
        _lastWidth = 0;
    }
}
