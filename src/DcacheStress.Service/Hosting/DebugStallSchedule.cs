// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Service.Hosting;

/// <summary>
/// Diagnostic test aid for the watchdog (<c>--debug-stall-worker N</c>), not failure injection:
/// an <see cref="IRaceSchedule"/> installed on the run's dcaches that blocks worker <c>wN</c>
/// forever the first time it reaches any race-window site (the hook sets the task's
/// <c>wchan</c> to the site's name while the schedule holds it, so the watchdog reports where it
/// is stuck). Every other task, and wN after its one stall, passes straight through. It changes
/// when a thread runs, never what the ported code does, and no invariant is touched. The blocked
/// thread never returns: the run must end on time anyway and say "could not stop N threads".
/// </summary>
public sealed class DebugStallSchedule : IRaceSchedule
{
    private readonly string _comm;
    private readonly ManualResetEventSlim _never = new(false);
    private int _fired;

    /// <summary>Block worker <paramref name="worker"/> (thread name <c>w{worker}</c>).</summary>
    public DebugStallSchedule(int worker) => _comm = $"w{worker}";

    /// <summary>The thread name it blocks.</summary>
    public string Comm => _comm;

    /// <summary>True once the worker is blocked.</summary>
    public bool Fired => Volatile.Read(ref _fired) != 0;

    /// <inheritdoc/>
    public void At(RaceSite site, task_struct task)
    {
        if (Volatile.Read(ref _fired) != 0 || !string.Equals(task.comm, _comm, StringComparison.Ordinal))
            return;
        if (Interlocked.Exchange(ref _fired, 1) != 0)
            return;
        _never.Wait(); // forever: the event is never set
    }
}
