// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Explore;

/// <summary>
/// Which scheduling points a strategy may put a priority change (PCT) or a preemption (pb) on.
/// Every point still lets a task that blocks give way; this only narrows where a task that could
/// go on is made to stop. PCT's guarantee 1/(n·k^(d−1)) counts k in these points, so the fewer
/// there are per execution, the likelier one execution hits a given depth-d interleaving.
/// </summary>
public enum ChangePoints
{
    /// <summary>
    /// Only where races happen: the named race-window sites, points where the task blocks
    /// (a held lock, a sleep on a wait queue, a <c>goto retry</c>; once per wait, not at each turn of
    /// its retry loop), sleeps (<c>schedule</c>),
    /// wake-ups and <c>i_rwsem</c> releases (<c>up</c>). k is tens, not thousands.
    /// </summary>
    Sites,

    /// <summary>Every point: each lock acquire and release, seqcount read and retry (k in the thousands).</summary>
    All,
}

/// <summary>Classifies points for <see cref="ChangePoints"/> and names the sets for the CLI.</summary>
public static class ChangePointSet
{
    /// <summary>"sites", "all".</summary>
    public static IReadOnlyList<string> Names { get; } = ["sites", "all"];

    /// <summary>The CLI name.</summary>
    public static string Name(ChangePoints set) => set == ChangePoints.Sites ? "sites" : "all";

    /// <summary>Parse a CLI name.</summary>
    public static bool TryParse(string s, out ChangePoints set)
    {
        set = s == "all" ? ChangePoints.All : ChangePoints.Sites;
        return s is "sites" or "all";
    }

    /// <summary>
    /// Whether a point of kind <paramref name="point"/> (the task blocks there when
    /// <paramref name="blocked"/>) is one of <see cref="ChangePoints.Sites"/> (the scheduler skips the
    /// turns of a retry loop after its first block).
    /// </summary>
    public static bool IsCandidate(SchedPoint point, bool blocked) =>
        blocked || point is SchedPoint.race_window or SchedPoint.schedule or SchedPoint.wake or SchedPoint.up;
}
