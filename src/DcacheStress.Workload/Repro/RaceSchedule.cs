// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using System.Globalization;
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Repro;

/// <summary>
/// A deterministic interleaving, driven through the race-window sites of the ported code. Rules
/// say "thread T, on reaching site X, waits until thread U has reached site Y"; actions run when a
/// thread reaches a site (e.g. "the other mount creates the file now"). A thread reaching a site
/// first runs the actions, then is recorded as having reached it, then obeys its own rules. A
/// rule whose condition never comes true (the patch under test took another path) gives up after
/// <see cref="RuleTimeout"/> and says so in the log, so a fixed patch cannot deadlock a repro.
/// </summary>
public sealed class RaceSchedule : IRaceSchedule
{
    private readonly List<(string Waiter, RaceSite At, string Other, RaceSite Until)> _rules = [];
    private readonly List<(string Who, RaceSite At, string What, Action Act)> _actions = [];
    private readonly HashSet<(string, RaceSite)> _reached = [];
    private readonly HashSet<int> _firedActions = [];
    private readonly List<string> _log = [];
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly object _lock = new();

    /// <summary>How long a rule waits before giving up.</summary>
    public TimeSpan RuleTimeout { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>The schedule's own log (waits, releases, time-outs, actions), in order.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_lock)
                return [.. _log];
        }
    }

    /// <summary>Timestamp origin shared with the trace rings.</summary>
    public long Origin => _origin;

    /// <summary><paramref name="waiter"/> waits at <paramref name="at"/> until <paramref name="other"/> has reached <paramref name="until"/>.</summary>
    public RaceSchedule Wait(string waiter, RaceSite at, string other, RaceSite until)
    {
        _rules.Add((waiter, at, other, until));
        return this;
    }

    /// <summary>When <paramref name="who"/> first reaches <paramref name="at"/>, run <paramref name="act"/>.</summary>
    public RaceSchedule Do(string who, RaceSite at, string what, Action act)
    {
        _actions.Add((who, at, what, act));
        return this;
    }

    /// <inheritdoc/>
    public void At(RaceSite site, task_struct task)
    {
        string me = task.comm;
        for (int i = 0; i < _actions.Count; i++)
        {
            var a = _actions[i];
            bool fire;
            lock (_lock)
                fire = a.Who == me && a.At == site && _firedActions.Add(i);
            if (fire)
            {
                Note($"{me} at {RaceSites.Name(site)}: {a.What}");
                a.Act();
            }
        }
        lock (_lock)
        {
            if (_reached.Add((me, site)))
                Note($"{me} reached {RaceSites.Name(site)}");
            Monitor.PulseAll(_lock);
            foreach (var r in _rules)
            {
                if (r.Waiter != me || r.At != site)
                    continue;
                WaitFor(me, RaceSites.Name(site), r.Other, r.Until);
            }
        }
    }

    /// <summary>
    /// A thread's start gate: <paramref name="waiter"/> waits, before its first operation, until
    /// <paramref name="other"/> has reached <paramref name="until"/> (same time-out as a rule).
    /// </summary>
    public void AwaitStart(string waiter, string other, RaceSite until)
    {
        lock (_lock)
            WaitFor(waiter, "its start", other, until);
    }

    /// <summary>The wait of a rule; <see cref="_lock"/> held.</summary>
    private void WaitFor(string me, string where, string other, RaceSite until)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(RuleTimeout.TotalSeconds * Stopwatch.Frequency);
        bool waited = false;
        while (!_reached.Contains((other, until)))
        {
            long left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0)
                break;
            if (!waited)
                Note($"{me} waits at {where} for {other} to reach {RaceSites.Name(until)}");
            waited = true;
            Monitor.Wait(_lock, TimeSpan.FromSeconds(left / (double)Stopwatch.Frequency));
        }
        if (!_reached.Contains((other, until)))
            Note($"{me} gave up waiting for {other} at {RaceSites.Name(until)} (not reached in {RuleTimeout.TotalMilliseconds:0} ms: this patch takes another path)");
        else if (waited)
            Note($"{me} released: {other} reached {RaceSites.Name(until)}");
    }

    private void Note(string line)
    {
        double us = (Stopwatch.GetTimestamp() - _origin) * 1e6 / Stopwatch.Frequency;
        lock (_lock)
            _log.Add(string.Create(CultureInfo.InvariantCulture, $"t={us:F1}us schedule: {line}"));
    }
}
