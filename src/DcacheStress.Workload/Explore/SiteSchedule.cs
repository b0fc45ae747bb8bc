// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Explore;

/// <summary>Makes every race-window site of a dcache a scheduling point of its controlled tasks.</summary>
internal sealed class SiteSchedule : IRaceSchedule
{
    public static readonly SiteSchedule Instance = new();

    public void At(RaceSite site, task_struct task) => task.scheduler?.Point(SchedPoint.race_window, (int)site);
}
