// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>
/// One race-window site's totals in a stress run: delays taken and the time they took, and the
/// hits they preceded. A delay precedes a hit when it was taken after the hitting thread's last
/// <c>op_begin</c> (the system call that hit): by the hitting thread itself (<see cref="HitsPrecededOwn"/>)
/// or by any worker (<see cref="HitsPreceded"/>; each hit counts once per site).
/// </summary>
public readonly record struct RaceWindowSiteStats(
    RaceSite Site,
    double Probability,
    long Delays,
    double DelaySeconds,
    long HitsPrecededOwn,
    long HitsPreceded,
    long CrashesPreceded)
{
    /// <summary>Stable name of the site.</summary>
    public string Name => RaceSites.Name(Site);

    /// <summary>Hits preceded (by any worker's delay) per 10^6 delays; 0 without delays.</summary>
    public double HitsPerMillionDelays => Delays > 0 ? HitsPreceded * 1e6 / Delays : 0;
}
