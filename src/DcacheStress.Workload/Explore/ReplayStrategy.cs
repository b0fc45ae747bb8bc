// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>
/// Replays a recorded list of <see cref="ScheduleSwitch"/>es: when a task reaches the point a
/// switch names, the switch's target runs (if it can); otherwise the running task goes on, and
/// when it cannot, the lowest-numbered runnable task runs. With every switch of an execution this
/// is that execution again; with some removed (shrinking) it is the nearest schedule without them.
/// </summary>
public sealed class ReplayStrategy : ISchedulingStrategy
{
    private readonly Dictionary<(int, int), int> _switches = [];

    /// <summary>Replay <paramref name="switches"/>.</summary>
    public ReplayStrategy(IEnumerable<ScheduleSwitch> switches)
    {
        foreach (var s in switches)
            _switches[(s.From, s.AtPoint)] = s.To;
    }

    /// <inheritdoc/>
    public string Name => "replay";

    /// <inheritdoc/>
    public void Begin(int threads)
    {
    }

    /// <inheritdoc/>
    public int Next(ReadOnlySpan<int> enabled, int current, int currentPoints, long step, long candidate)
    {
        if (_switches.TryGetValue((current, currentPoints), out int to) && enabled.Contains(to))
            return to;
        return enabled.Contains(current) ? current : enabled[0];
    }

    /// <inheritdoc/>
    public void End(long candidates)
    {
    }
}
