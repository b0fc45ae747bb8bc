// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace DcacheStress.Kernel;

/// <summary>
/// The race-window hooks of one dcache instance. <see cref="Hit"/> costs one predictable branch
/// when off; when on it applies the seeded <see cref="RaceWindowPolicy"/> or the installed
/// deterministic <see cref="IRaceSchedule"/>. A delay never changes what the code does, only when:
/// every hit it leads to is a real interleaving of the ported code.
/// </summary>
public sealed class RaceWindows
{
    private bool _active;           // policy or schedule installed (read on every Hit)
    private RaceWindowPolicy? _policy;
    private IRaceSchedule? _schedule;
    private readonly bool[] _siteOn = RaceSites.All.Select(s => !RaceSites.ReproOnly(s)).ToArray();

    /// <summary>Turn delays on with <paramref name="policy"/> (null = off).</summary>
    public void SetPolicy(RaceWindowPolicy? policy)
    {
        _policy = policy;
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
        double u = (task.next_random() >> 11) * (1.0 / (1UL << 53));
        if (u >= policy.Probability)
            return;
        task.trace.add(TraceEvent.race_window, 0, (int)site);
        double v = u / policy.Probability; // reuse the draw: uniform in [0,1) again
        if (v < policy.StallShare)
        {
            long until = Stopwatch.GetTimestamp() + policy.StallMicroseconds * Stopwatch.Frequency / 1_000_000;
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
    }
}
