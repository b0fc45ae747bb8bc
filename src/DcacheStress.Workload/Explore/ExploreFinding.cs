// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>
/// The first failing execution of an explore run, and its shrunk form: a program and a schedule
/// that replay to the same invariant hit.
/// </summary>
public sealed record ExploreFinding(
    string Invariant,
    ExploreProgram Program,
    IReadOnlyList<ScheduleSwitch> Switches,
    long Execution,
    double Seconds,
    ExploreProgram ShrunkProgram,
    IReadOnlyList<ScheduleSwitch> ShrunkSwitches,
    int ShrinkAttempts);
