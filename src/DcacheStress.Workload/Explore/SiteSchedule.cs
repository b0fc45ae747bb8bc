// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Explore;

/// <summary>
/// Makes every race-window site of a dcache a scheduling point of its controlled tasks, except the
/// repro-only ones (<see cref="RaceSites.ReproOnly"/>: marks for deterministic repros, not windows).
/// </summary>
internal sealed class SiteSchedule : IRaceSchedule
{
    public static readonly SiteSchedule Instance = new();

    public void At(RaceSite site, task_struct task)
    {
        if (!RaceSites.ReproOnly(site))
            task.scheduler?.Point(SchedPoint.race_window, (int)site);
    }
}
