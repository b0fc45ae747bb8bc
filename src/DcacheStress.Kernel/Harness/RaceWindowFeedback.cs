// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>
/// The feedback-weighted race-window policy (<c>--window-policy feedback</c>): multiplicative
/// weights over the sites' delay probabilities, updated once per round by the controller while the
/// workers are parked (never on the hot path). A site's round score compares the hits its delays
/// preceded with the hits it would have preceded at the round's mean rate over all sites that
/// delayed (<c>expected = delays × mean</c>): the log-probability step is
/// <c>Eta × (hits − expected) / max(1, expected)</c>, clamped to <c>[−Eta, Eta × (MaxScore − 1)]</c>.
/// A site at the mean keeps its probability, one above it gains, one that preceded no hit loses up
/// to <c>exp(-Eta)</c> per round down to <see cref="Floor"/>, so no site is starved. Scaling by the
/// evidence keeps a rarely visited site (a few delays a round, where zero hits is the likely
/// outcome even at a high rate) from decaying on rounds that say nothing about it. A round without
/// any credited hit, or a site that took no delay in it, changes nothing. The update is
/// deterministic: the per-visit draws stay the seeded ones of <see cref="RaceWindows"/>.
/// </summary>
public sealed record RaceWindowFeedback
{
    /// <summary>Learning rate per round (the log-probability step of a site at twice, or at none of, the mean rate).</summary>
    public double Eta { get; init; } = 0.5;

    /// <summary>Lowest delay probability of a site.</summary>
    public double Floor { get; init; } = 0.05;

    /// <summary>Highest delay probability of a site.</summary>
    public double Cap { get; init; } = 0.95;

    /// <summary>A score above this many times the mean counts as this (one lucky round moves a site by at most <c>exp(Eta * (MaxScore - 1))</c>).</summary>
    public double MaxScore { get; init; } = 3;

    /// <summary>
    /// Credit a site only for hits of the thread that delayed there (during the system call that
    /// hit); false: for hits of any worker since that call began, which rewards sites that are
    /// merely busy when hits happen (docs/performance.md).
    /// </summary>
    public bool OwnThread { get; init; } = true;

    /// <summary>The parameters used by <c>--window-policy feedback</c>.</summary>
    public static RaceWindowFeedback Default { get; } = new();

    /// <summary>
    /// One round's update of <paramref name="probability"/> (per site, in place) from the round's
    /// <paramref name="delays"/> and <paramref name="hitsPreceded"/> per site. Returns false when
    /// the round carried no information (no attributed hit after any delay).
    /// </summary>
    public bool Update(Span<double> probability, ReadOnlySpan<long> delays, ReadOnlySpan<long> hitsPreceded)
    {
        if (delays.Length != probability.Length || hitsPreceded.Length != probability.Length)
            throw new ArgumentException("one entry per site in every span");
        long allDelays = 0, allHits = 0;
        for (int s = 0; s < probability.Length; s++)
        {
            if (delays[s] <= 0)
                continue;
            allDelays += delays[s];
            allHits += hitsPreceded[s];
        }
        if (allHits == 0 || allDelays == 0)
            return false;
        double mean = allHits / (double)allDelays;
        for (int s = 0; s < probability.Length; s++)
        {
            if (delays[s] <= 0)
                continue;
            double expected = delays[s] * mean;
            double step = Math.Clamp((hitsPreceded[s] - expected) / Math.Max(1, expected), -1, MaxScore - 1);
            probability[s] = Math.Clamp(probability[s] * Math.Exp(Eta * step), Floor, Cap);
        }
        return true;
    }
}
