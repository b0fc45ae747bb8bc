// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>
/// Picks which task runs next at every scheduling point of one execution. Deterministic given
/// its seed: the same program under the same strategy state runs the same interleaving.
/// </summary>
public interface ISchedulingStrategy
{
    /// <summary>Short name for reports ("mix", "pct", "random", "pb", "replay").</summary>
    string Name { get; }

    /// <summary>The points this strategy puts its change points or preemptions on.</summary>
    ChangePoints Points => ChangePoints.All;

    /// <summary>A new execution of <paramref name="threads"/> tasks starts.</summary>
    void Begin(int threads);

    /// <summary>
    /// Choose among <paramref name="enabled"/> (task indexes, ascending, never empty).
    /// <paramref name="current"/> is the task that reached the point (-1 at the start),
    /// <paramref name="currentPoints"/> how many points it has passed, <paramref name="step"/> the
    /// execution's step count, <paramref name="candidate"/> the 1-based number of this point among
    /// the execution's <see cref="Points"/> (0: not one of them, or no point: the start, a task's exit).
    /// </summary>
    int Next(ReadOnlySpan<int> enabled, int current, int currentPoints, long step, long candidate);

    /// <summary>
    /// The execution ended after <paramref name="candidates"/> points of <see cref="Points"/>
    /// (PCT and pb learn their k from it; 0 for an abandoned execution).
    /// </summary>
    void End(long candidates);
}
