// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>
/// The default: executions take turns between PCT (even executions of a program, depth d, its
/// bound) and the random walk (odd ones). PCT orders few tasks at few points and states how hard
/// it looked; the random walk interleaves many tasks at many race sites, where PCT's priority
/// changes rarely line up (Viro's race: about 1 hit in 300 PCT d=3 executions of its program,
/// 6 in 10 random ones; docs/explore.md). The PCT half is exactly what <see cref="PctStrategy"/>
/// alone would run with the same seed; the bound of a clean run counts it only.
/// </summary>
public sealed class MixedStrategy(ulong seed, int depth, long initialK, ChangePoints points) : ISchedulingStrategy
{
    private readonly PctStrategy _pct = new(seed, depth, initialK, points);
    private readonly RandomWalkStrategy _random = new(SeedMix.Mix(seed ^ 0x52414E44UL), points);
    private ISchedulingStrategy _now = null!;
    private long _execution;

    /// <inheritdoc/>
    public string Name => "mix";

    /// <inheritdoc/>
    public ChangePoints Points => points;

    /// <summary>PCT's executions among <paramref name="executions"/> of one program (the even ones).</summary>
    public static long PctShare(long executions) => (executions + 1) / 2;

    /// <inheritdoc/>
    public void Begin(int threads)
    {
        _now = (_execution++ & 1) == 0 ? _pct : _random;
        _now.Begin(threads);
    }

    /// <inheritdoc/>
    public int Next(ReadOnlySpan<int> enabled, int current, int currentPoints, long step, long candidate) =>
        _now.Next(enabled, current, currentPoints, step, candidate);

    /// <inheritdoc/>
    public void End(long candidates)
    {
        // PCT learns k from its own executions only, so the PCT half is exactly the first executions
        // a --strategy pct run with this seed makes (the bound over them is PCT's own). Stating it
        // with the largest k of all executions, as the explorer does, only weakens it.
        if (ReferenceEquals(_now, _pct))
            _pct.End(candidates);
    }
}
