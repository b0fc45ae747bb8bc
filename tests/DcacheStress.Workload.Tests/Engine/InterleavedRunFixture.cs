// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Workload.Tests.Support;

namespace DcacheStress.Workload.Tests.Engine;

/// <summary>
/// One 4 s run of two patches in 1 s rounds (A B A B), shared by the mechanics tests: the rounds as
/// <see cref="StressEngine.RoundStarted"/> reported them, the wall time of <see cref="StressEngine.Run"/>,
/// and the finished engine.
/// </summary>
public sealed class InterleavedRunFixture
{
    public static readonly string[] Patches = ["v4.7", "revalidate-zero"];

    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(4);

    public InterleavedRunFixture()
    {
        var options = new StressOptions
        {
            Patches = Patches,
            Workload = WorkloadKind.OpenStorm,
            Threads = 2,
            Duration = Duration,
            Round = TimeSpan.FromSeconds(1),
            RaceWindows = false,
            Warmup = TimeSpan.Zero, // Run's wall time is then the run itself
            Seed = Runs.Seed,
        };
        Run = Runs.Run(options, engine => engine.RoundStarted += (t, slot) =>
        {
            lock (RoundsStarted)
                RoundsStarted.Add((t.Patch.Name, slot));
        });
    }

    internal Runs.Finished Run { get; }

    public List<(string Patch, int Slot)> RoundsStarted { get; } = [];
}
