// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>
/// How a race-window site widens its window: with probability <see cref="Probability"/> a thread
/// that reaches the site delays by one of: spin up to <see cref="MaxSpin"/> iterations, yield,
/// Sleep(0), or (rarely) a long stall of <see cref="StallMicroseconds"/>. With <see cref="Feedback"/>
/// each site's probability starts at <see cref="Probability"/> and moves per round. Draws come from the
/// thread's seeded RNG, so a seed reproduces the same decisions for the same thread.
/// </summary>
public sealed record RaceWindowPolicy
{
    /// <summary>Chance that a visit delays at all (0..1).</summary>
    public double Probability { get; init; } = 0.5;

    /// <summary>Upper bound of a spin delay (Thread.SpinWait iterations).</summary>
    public int MaxSpin { get; init; } = 2000;

    /// <summary>Share of delays that yield instead of spinning.</summary>
    public double YieldShare { get; init; } = 0.25;

    /// <summary>Share of delays that Sleep(0).</summary>
    public double Sleep0Share { get; init; } = 0.1;

    /// <summary>Share of delays that stall long.</summary>
    public double StallShare { get; init; } = 0.002;

    /// <summary>Length of a long stall.</summary>
    public int StallMicroseconds { get; init; } = 200;

    /// <summary>
    /// Per-site feedback (<c>--window-policy feedback</c>): null keeps every site at
    /// <see cref="Probability"/> (uniform, the default).
    /// </summary>
    public RaceWindowFeedback? Feedback { get; init; }

    /// <summary>The feedback-weighted policy used by <c>--window-policy feedback</c>.</summary>
    public static RaceWindowPolicy WithFeedback { get; } = new() { Feedback = RaceWindowFeedback.Default };

    /// <summary>The default used by <c>--race-windows on</c>.</summary>
    public static RaceWindowPolicy Default { get; } = new();
}
