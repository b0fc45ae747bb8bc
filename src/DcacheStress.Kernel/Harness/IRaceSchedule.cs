// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>
/// A deterministic schedule driven through the race-window sites: called by every thread at every
/// site while installed, it may block the caller until another thread has passed some other site.
/// </summary>
public interface IRaceSchedule
{
    /// <summary><paramref name="task"/> has reached <paramref name="site"/>.</summary>
    void At(RaceSite site, task_struct task);
}
