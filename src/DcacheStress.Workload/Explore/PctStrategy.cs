// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>
/// PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, "A Randomized Scheduler with Probabilistic
/// Guarantees of Finding Bugs", ASPLOS 2010): each execution gives the n tasks distinct random
/// priorities d, d+1, ..., d+n−1 and picks d−1 random change points among the first k steps; the
/// enabled task of highest priority always runs, and at the i-th change point the running task
/// drops to priority d−i (below every initial one). A bug of depth d is found by one execution
/// with probability at least 1/(n·k^(d−1)). k is learnt: the most candidate points
/// (<see cref="ChangePoints"/>) in one execution so far; change points are drawn among those only.
/// One seed fixes every execution's draws (execution e uses the stream seeded by seed and e).
/// </summary>
public sealed class PctStrategy : ISchedulingStrategy
{
    private readonly ulong _seed;
    private readonly int _depth;
    private ulong _rng;
    private int[] _priority = [];
    private long[] _changeAt = [];
    private long _execution;

    /// <summary>Create for bug depth <paramref name="depth"/> (≥ 1) from <paramref name="seed"/>.</summary>
    public PctStrategy(ulong seed, int depth, long initialK = 2000, ChangePoints points = ChangePoints.All)
    {
        Points = points;
        if (depth < 1)
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "depth must be at least 1");
        _seed = seed;
        _depth = depth;
        K = Math.Max(1, initialK);
    }

    /// <inheritdoc/>
    public string Name => "pct";

    /// <inheritdoc/>
    public ChangePoints Points { get; }

    /// <summary>The bug depth d.</summary>
    public int Depth => _depth;

    /// <summary>k: the candidate-point bound the change points are drawn from (the longest execution so far).</summary>
    public long K { get; private set; }

    /// <summary>Executions begun.</summary>
    public long Executions => _execution;

    /// <inheritdoc/>
    public void Begin(int threads)
    {
        _rng = SeedMix.Mix(_seed ^ SeedMix.Mix((ulong)_execution++ + 1));
        _priority = new int[threads];
        for (int i = 0; i < threads; i++)
            _priority[i] = _depth + i;
        for (int i = threads - 1; i > 0; i--) // Fisher–Yates
        {
            int j = (int)(SeedMix.Next(ref _rng) % (ulong)(i + 1));
            (_priority[i], _priority[j]) = (_priority[j], _priority[i]);
        }
        _changeAt = new long[_depth - 1];
        for (int i = 0; i < _changeAt.Length; i++)
            _changeAt[i] = 1 + (long)(SeedMix.Next(ref _rng) % (ulong)K);
    }

    /// <inheritdoc/>
    public int Next(ReadOnlySpan<int> enabled, int current, int currentPoints, long step, long candidate)
    {
        if (current >= 0 && candidate > 0)
        {
            for (int i = 0; i < _changeAt.Length; i++)
            {
                if (_changeAt[i] == candidate)
                    _priority[current] = _depth - 1 - i; // the i-th change point (0-based): priority d−1−i
            }
        }
        int best = enabled[0];
        foreach (int t in enabled)
        {
            if (_priority[t] > _priority[best])
                best = t;
        }
        return best;
    }

    /// <inheritdoc/>
    public void End(long candidates) => K = Math.Max(K, candidates);

    /// <summary>
    /// PCT's guarantee for one execution of <paramref name="threads"/> tasks: a depth-d bug is hit
    /// with probability at least 1/(n·k^(d−1)).
    /// </summary>
    public static double HitProbabilityBound(int threads, long k, int depth) =>
        1.0 / (threads * Math.Pow(Math.Max(1, k), depth - 1));

    /// <summary>Probability that <paramref name="executions"/> executions all miss a depth-d bug: at most (1 − p)^N.</summary>
    public static double MissBound(int threads, long k, int depth, long executions)
    {
        double p = HitProbabilityBound(threads, k, depth);
        double log1mp = p < 1e-4 ? -p - p * p / 2 : Math.Log(1 - Math.Min(p, 1 - 1e-16)); // ln(1 − p), exact enough for tiny p
        return Math.Exp(executions * log1mp);
    }
}
