// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;

namespace DcacheStress.Workload.Explore;

/// <summary>
/// Runs programs of one patch under one <see cref="ControlledScheduler"/>: a fresh world per
/// execution, the race-window sites as scheduling points, invariant hits and an fsck afterwards.
/// </summary>
public sealed class ProgramRunner : IDisposable
{
    private readonly ControlledScheduler _scheduler;

    /// <summary>The patch.</summary>
    public Patch Patch { get; }

    /// <summary>False: invariant sites off (tests prove that findings come from detection).</summary>
    public bool Detection { get; init; } = true;

    /// <summary>Every release wakes every waiter (schedule format 1; <see cref="ControlledScheduler.WakeAll"/>).</summary>
    public bool WakeAll
    {
        get => _scheduler.WakeAll;
        init => _scheduler.WakeAll = value;
    }

    /// <summary>Executions run.</summary>
    public long Executions { get; private set; }

    /// <summary>Create for <paramref name="patch"/> with room for <paramref name="maxTasks"/> tasks.</summary>
    public ProgramRunner(Patch patch, int maxTasks)
    {
        Patch = patch;
        _scheduler = new ControlledScheduler(maxTasks);
    }

    /// <summary>Run <paramref name="program"/> once under <paramref name="strategy"/>.</summary>
    public ExecutionOutcome Run(ExploreProgram program, ISchedulingStrategy strategy, bool trace = false, bool functions = false)
    {
        _scheduler.ResetSteps();
        var world = new ExploreWorld(Patch, program, new StepClock(() => _scheduler.Steps), Detection);
        world.Dcache.race.SetSchedule(SiteSchedule.Instance);
        var bodies = program.Threads.Select(ops => (Action)(() =>
        {
            foreach (var op in ops)
                world.Run(op);
        })).ToList();
        var names = program.TaskNames.ToList();
        foreach (FsThread t in world.Threads) // after the program's tasks: shrinking renumbers them with the rest
        {
            t.Start(); // the world is built: from here on the mounts hand their callbacks to these tasks
            bodies.Add(t.Main);
            names.Add(t.Comm);
        }
        var result = _scheduler.Execute(bodies, names, strategy, trace, functions, daemons: world.Threads.Count);
        Executions++;
        world.Dcache.race.SetSchedule(null);
        bool completed = result.End == ExecutionEnd.Completed;
        // An abandoned execution's tasks may still hold locks: no fsck of its world.
        var fsck = completed && Detection ? world.Dcache.fsck(quiescent: true) : null;
        bool fsckClean = fsck is null || fsck.Clean;
        return new ExecutionOutcome(result, world.Dcache.bug.HitsByName(), fsckClean, fsckClean ? null : fsck!.ToString());
    }

    /// <inheritdoc/>
    public void Dispose() => _scheduler.Dispose();
}
