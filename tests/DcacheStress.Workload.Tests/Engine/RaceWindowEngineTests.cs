// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Workload.Tests.Support;

namespace DcacheStress.Workload.Tests.Engine;

/// <summary>The engine's side of the race-window accounting: policy per option, credit per hit, CPU time.</summary>
public sealed class RaceWindowEngineTests(ITestOutputHelper output)
{
    private static StressEngine Run(bool windows, WindowPolicy policy)
    {
        var engine = new StressEngine(new StressOptions
        {
            Patches = ["v4.7-rc6"],
            Workload = WorkloadKind.OpenStorm,
            Threads = 4,
            Duration = TimeSpan.FromSeconds(1.5),
            Round = TimeSpan.FromMilliseconds(500),
            Warmup = TimeSpan.Zero,
            Seed = Runs.Seed,
            RaceWindows = windows,
            WindowPolicy = policy,
        });
        engine.Run();
        return engine;
    }

    [Fact]
    public void Feedback_ShortRun_CountsDelaysCreditsHitsAndMeasuresCpu()
    {
        using var engine = Run(true, WindowPolicy.Feedback);
        var t = engine.Targets[0];
        var race = t.Dcache.race;
        var stats = race.SiteStats();
        long hits = t.Dcache.bug.TotalHits;
        long afterCrash = t.Crash.Totals(t.TotalOps).AfterCrashHits.Values.Sum();
        output.WriteLine($"hits {hits} (after crash {afterCrash}), credited {race.AttributedHits}, delays {stats.Sum(s => s.Delays)}, cpu {engine.CpuSeconds:F2} s");

        Assert.NotNull(race.Policy?.Feedback);
        Assert.True(stats.Sum(s => s.Delays) > 0);
        Assert.True(stats.Where(s => s.Delays > 0).All(s => s.DelaySeconds > 0));
        Assert.Equal(hits - afterCrash, race.AttributedHits); // every hit but the after-crash ones
        Assert.True(engine.CpuSeconds > 0);
    }

    [Fact]
    public void WindowsOff_ShortRun_NoPolicyNoDelaysNoCredit()
    {
        using var engine = Run(false, WindowPolicy.Feedback);
        var race = engine.Targets[0].Dcache.race;

        Assert.Null(race.Policy);
        Assert.Equal(0, race.AttributedHits);
        Assert.All(race.SiteStats(), s => Assert.Equal(0, s.Delays));
    }
}
