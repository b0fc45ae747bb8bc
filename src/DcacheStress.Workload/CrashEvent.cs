// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload;

/// <summary>
/// One crash: the first kernel-BUG-class hit of a boot. <paramref name="OpsToCrash"/> and
/// <paramref name="SecondsToCrash"/> count from the boot's start (active seconds of its patch),
/// the figure Drokin gave as "5 to 30 minutes to hit".
/// </summary>
public sealed record CrashEvent(int Boot, string Invariant, long OpsToCrash, double SecondsToCrash, double ActiveSeconds, string Thread);
