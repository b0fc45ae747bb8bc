// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;

namespace DcacheStress.Workload.Explore;

/// <summary>Replays a recorded schedule once, with the full trace (kernel functions included).</summary>
public static class ScheduleReplay
{
    /// <summary>
    /// Run <paramref name="program"/> under <paramref name="switches"/> against <paramref name="patch"/>;
    /// <paramref name="wakeAll"/> for a format-1 file (<see cref="ScheduleFile.WakeAll"/>).
    /// </summary>
    public static ExecutionOutcome Run(Patch patch, ExploreProgram program, IReadOnlyList<ScheduleSwitch> switches, bool detection = true,
        bool wakeAll = false)
    {
        using var runner = new ProgramRunner(patch, program.Threads.Count) { Detection = detection, WakeAll = wakeAll };
        return runner.Run(program, new ReplayStrategy(switches), trace: true, functions: true);
    }
}
