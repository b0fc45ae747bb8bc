// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>
/// Preemption bounding (iterative context bounding, Musuvathi and Qadeer, PLDI 2007), sampled:
/// a task runs until it finishes or must wait, except at up to b preemption points, where another
/// enabled task takes over. The bound grows 0, 1, …, <c>maxPreemptions</c> and starts over, one
/// execution per bound, so schedules with few preemptions are tried first and most often. The
/// points and the tasks chosen are drawn from the seed (and the execution number): a random
/// sample of each bound's schedules, not an exhaustive enumeration of them.
/// </summary>
public sealed class PreemptionBoundedStrategy : ISchedulingStrategy
{
    private readonly ulong _seed;
    private readonly int _maxPreemptions;
    private ulong _rng;
    private long[] _preemptAt = [];
    private long _execution;

    /// <summary>Create with at most <paramref name="maxPreemptions"/> preemptions per execution.</summary>
    public PreemptionBoundedStrategy(ulong seed, int maxPreemptions, long initialK = 2000, ChangePoints points = ChangePoints.All)
    {
        Points = points;
        if (maxPreemptions < 0)
            throw new ArgumentOutOfRangeException(nameof(maxPreemptions), maxPreemptions, "the bound must be >= 0");
        _seed = seed;
        _maxPreemptions = maxPreemptions;
        K = Math.Max(1, initialK);
    }

    /// <inheritdoc/>
    public string Name => "pb";

    /// <inheritdoc/>
    public ChangePoints Points { get; }

    /// <summary>Candidate points the preemption points are drawn from (the most in one execution so far).</summary>
    public long K { get; private set; }

    /// <inheritdoc/>
    public void Begin(int threads)
    {
        long e = _execution++;
        _rng = SeedMix.Mix(_seed ^ SeedMix.Mix((ulong)e + 1));
        int bound = (int)(e % (_maxPreemptions + 1));
        _preemptAt = new long[bound];
        for (int i = 0; i < bound; i++)
            _preemptAt[i] = 1 + (long)(SeedMix.Next(ref _rng) % (ulong)K);
    }

    /// <inheritdoc/>
    public int Next(ReadOnlySpan<int> enabled, int current, int currentPoints, long step, long candidate)
    {
        bool currentEnabled = enabled.Contains(current);
        bool preempt = currentEnabled && enabled.Length > 1 && candidate > 0 && Array.IndexOf(_preemptAt, candidate) >= 0;
        if (currentEnabled && !preempt)
            return current;
        int pick = (int)(SeedMix.Next(ref _rng) % (ulong)(enabled.Length - (preempt ? 1 : 0)));
        if (preempt && enabled[pick] >= current)
            pick++; // skip the current task
        return enabled[pick];
    }

    /// <inheritdoc/>
    public void End(long candidates) => K = Math.Max(K, candidates);
}
