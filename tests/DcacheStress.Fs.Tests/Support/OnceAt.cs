// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Tests.Support;

/// <summary>
/// A deterministic race schedule that runs <paramref name="action"/> (what "another thread" does)
/// the first time a task reaches <paramref name="site"/>, on that task's own thread.
/// </summary>
internal sealed class OnceAt(RaceSite site, Action action) : IRaceSchedule
{
    private bool _done;

    public void At(RaceSite s, task_struct task)
    {
        if (s != site || _done)
            return;
        _done = true;
        action();
    }
}
