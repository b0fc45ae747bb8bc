// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>
/// The random walk, PCT's baseline (Burckhardt et al., ASPLOS 2010, §5) and the "random" strategy
/// of CHESS and Coyote: at every candidate point (<see cref="ChangePoints"/>) a uniformly random
/// enabled task runs next, the running one included; between candidate points the running task
/// goes on while it can. It has no useful bound (a bug that needs c choices among n tasks is hit
/// with probability at least n^−c), but the dcache's races that need many tasks to take turns at
/// race sites (Viro's patch: an in-lookup owner, its waiters and a second opener) are hit in a
/// large share of executions, where PCT's few priority changes almost never line them up
/// (docs/explore.md). One seed fixes every execution's draws.
/// </summary>
public sealed class RandomWalkStrategy(ulong seed, ChangePoints points = ChangePoints.Sites) : ISchedulingStrategy
{
    private ulong _rng;
    private long _execution;

    /// <inheritdoc/>
    public string Name => "random";

    /// <inheritdoc/>
    public ChangePoints Points => points;

    /// <inheritdoc/>
    public void Begin(int threads) => _rng = SeedMix.Mix(seed ^ SeedMix.Mix((ulong)_execution++ + 1));

    /// <inheritdoc/>
    public int Next(ReadOnlySpan<int> enabled, int current, int currentPoints, long step, long candidate)
    {
        if (candidate == 0 && enabled.Contains(current))
            return current; // not a candidate point: the running task goes on
        return enabled[(int)(SeedMix.Next(ref _rng) % (ulong)enabled.Length)];
    }

    /// <inheritdoc/>
    public void End(long candidates)
    {
    }
}
