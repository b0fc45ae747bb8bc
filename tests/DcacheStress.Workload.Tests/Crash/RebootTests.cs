// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;
using DcacheStress.Workload.Tests.Support;
using Xunit.Sdk;

namespace DcacheStress.Workload.Tests.Crash;

/// <summary>
/// The crash unit (issue 13, D13): a boot's first kernel-BUG-class hit is a crash; with
/// <c>--on-bug reboot</c> the target boots a fresh instance and the round goes on, and the hits
/// after the crash in the same boot are counted apart.
/// </summary>
public sealed class RebootTests(ITestOutputHelper output)
{
    private sealed record Outcome(StressEngine Engine, CrashOncePatch Patch, CrashTotals Totals, long OldDentriesAtRetire, long OldDentriesAtEnd)
    {
        public PatchTarget Target => Engine.Targets[0];
    }

    private Outcome Run(OnBug onBug, bool listen = true)
    {
        var patch = new CrashOncePatch();
        var options = new StressOptions
        {
            Patches = [patch.Name],
            Workload = WorkloadKind.OpenStorm,
            Threads = 4,
            Names = 6,
            RaceWindows = false,
            OnBug = onBug,
            Duration = TimeSpan.FromSeconds(1.5),
            Round = TimeSpan.FromSeconds(1.5),
            Seed = Runs.Seed,
            Warmup = TimeSpan.Zero, // the warm-up's scratch dcache would be the patch's "first"
        };
        using var engine = new StressEngine(options, _ => patch);
        engine.RoundStarted += (_, _) => patch.Arm();
        Dcache? old = null;
        long atRetire = -1;
        if (listen)
        {
            engine.Rebooted += (_, boot) =>
            {
                patch.Retire();
                old = boot.Dcache;
                atRetire = old.nr_dentry;
            };
        }
        engine.Run();
        Assert.Equal(0, engine.UnstoppableThreads);
        PatchTarget t = engine.Targets[0];
        CrashTotals totals = t.Crash.Totals(t.TotalOps);
        output.WriteLine($"{onBug}: boots {totals.Boots}, crashes {totals.Crashes}, hits [{string.Join(", ", t.Dcache.bug.HitsByName().Select(kv => $"{kv.Key}={kv.Value}"))}], ops {t.TotalOps}, at risk {totals.OpsAtRisk}, after crash {totals.OpsAfterCrash}, " +
                         $"ops to crash [{string.Join(", ", totals.OpsToCrash)}], after-crash hits [{string.Join(", ", totals.AfterCrashHits.Select(kv => $"{kv.Key}={kv.Value}"))}]");
        return new Outcome(engine, patch, totals, atRetire, old?.nr_dentry ?? -1);
    }

    /// <summary>What a reboot must have done (shared by the test that proves it fails without one).</summary>
    private static void AssertRebooted(Outcome o)
    {
        PatchTarget t = o.Target;
        Assert.Equal(2, o.Totals.Boots);
        Assert.Equal(1, t.Boot.Index);
        Assert.NotSame(o.Patch.First, t.Dcache);
        // Ops went on in the new boot: the exposure holds more than the ops to the crash.
        Assert.True(o.Totals.OpsAtRisk > o.Totals.OpsToCrash[0], $"no ops after the reboot: at risk {o.Totals.OpsAtRisk}, to crash {o.Totals.OpsToCrash[0]}");
        // The quiesce: nothing reached the old instance once it was retired.
        Assert.Equal(0, o.Patch.CallsAfterRetired);
        Assert.Equal(o.OldDentriesAtRetire, o.OldDentriesAtEnd);
        Runs.AssertFsckClean(t);
    }

    [Fact]
    public void Reboot_BugClassHit_FreshBootOneCrashLaterHitsApart()
    {
        Outcome o = Run(OnBug.Reboot);
        PatchTarget t = o.Target;

        AssertRebooted(o);
        Assert.Equal(1, o.Totals.Crashes);
        Assert.Equal(1, o.Totals.CrashesByInvariant["d_rehash.hashed"]);
        Assert.Single(o.Totals.OpsToCrash);
        Assert.Single(o.Totals.SecondsToCrash);
        Assert.NotNull(o.Totals.FirstCrashSeconds);
        // The two BUGs after the crash, in the same boot, are counted apart, and still in the totals.
        Assert.Equal(2, o.Totals.AfterCrashHits["d_rehash.hashed"]);
        Assert.Equal(3, t.Dcache.bug.Hits(Invariant.d_rehash_hashed));
        Assert.Equal(1, t.Rounds.Sum(r => r.Crashes));
        Assert.NotNull(t.Rounds[0].FirstCrashSeconds);
        // Every op is either at risk or after the crash.
        Assert.Equal(t.TotalOps, o.Totals.OpsAtRisk + o.Totals.OpsAfterCrash);
    }

    [Fact]
    public void Reboot_NoRebootedListener_StillReboots()
    {
        // The service listens to no Rebooted event: the reboot must not depend on one.
        Outcome o = Run(OnBug.Reboot, listen: false);

        Assert.Equal(2, o.Totals.Boots);
        Assert.Equal(1, o.Target.Boot.Index);
        Assert.NotSame(o.Patch.First, o.Target.Dcache);
        Assert.False(o.Target.Crash.Crashed);
    }

    [Fact]
    public void Continue_BugClassHit_SameInstanceGoesOn()
    {
        Outcome o = Run(OnBug.Continue);
        PatchTarget t = o.Target;

        Assert.Equal(1, o.Totals.Boots);
        Assert.Equal(0, t.Boot.Index);
        Assert.Same(o.Patch.First, t.Dcache);
        Assert.Equal(1, o.Totals.Crashes);
        Assert.Equal(2, o.Totals.AfterCrashHits["d_rehash.hashed"]);
        Assert.Equal(t.TotalOps, o.Totals.OpsAtRisk + o.Totals.OpsAfterCrash);
        // Without a reboot the reboot checks fail: they prove something.
        Assert.ThrowsAny<XunitException>(() => AssertRebooted(o));
    }

    [Fact]
    public void StopOnFirstCrash_EndsTheRunAtTheCrash()
    {
        var patch = new CrashOncePatch();
        var options = new StressOptions
        {
            Patches = [patch.Name],
            Workload = WorkloadKind.OpenStorm,
            Threads = 2,
            Names = 6,
            RaceWindows = false,
            StopOnFirstCrash = true,
            Duration = TimeSpan.FromSeconds(20),
            Round = TimeSpan.FromSeconds(20),
            Warmup = TimeSpan.Zero,
        };
        using var engine = new StressEngine(options, _ => patch);
        engine.RoundStarted += (_, _) => patch.Arm();
        engine.Run();

        Assert.True(engine.StopRequested);
        Assert.True(engine.Elapsed < TimeSpan.FromSeconds(10), $"ran {engine.Elapsed}");
        Assert.Equal(1, engine.Targets[0].Crash.Totals(engine.Targets[0].TotalOps).Crashes);
    }

    [Fact]
    public void Checkpoint_AfterACrash_RestoreCarriesTheCrashTotals()
    {
        Outcome o = Run(OnBug.Reboot);
        EngineCheckpoint cp = o.Engine.Checkpoint();
        string json = System.Text.Json.JsonSerializer.Serialize(cp);
        EngineCheckpoint back = System.Text.Json.JsonSerializer.Deserialize<EngineCheckpoint>(json)!;
        var patch = new CrashOncePatch();
        var options = o.Engine.Options with { Patches = [patch.Name] };

        using var resumed = new StressEngine(options, _ => patch);
        resumed.Restore(back);

        CrashTotals t = resumed.Targets[0].Crash.Totals(resumed.Targets[0].TotalOps);
        Assert.Equal(1, t.Crashes);
        Assert.Equal(o.Totals.OpsAtRisk, t.OpsAtRisk);
        Assert.Equal(o.Totals.OpsAfterCrash, t.OpsAfterCrash);
        Assert.Equal(o.Totals.OpsToCrash, t.OpsToCrash);
        Assert.Equal(2, t.AfterCrashHits["d_rehash.hashed"]);
        Assert.Equal(3, t.Boots); // the two checkpointed boots, and this process's own
        Assert.False(resumed.Targets[0].Crash.Crashed);
    }
}
