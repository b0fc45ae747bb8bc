// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Fs.Lustre;
using DcacheStress.Workload.Tests.Support;

namespace DcacheStress.Workload.Tests.Lustre;

/// <summary>
/// Each Lustre mount's ldlm_bl thread lives as long as its boot: the warm-up's scratch boot, every
/// boot a crash retires (<c>--on-bug reboot</c>) and the last boot at the engine's end all stop
/// theirs; nothing is left running after a stress run.
/// </summary>
public sealed class LdlmThreadLifetimeTests(ITestOutputHelper output)
{
    [Fact]
    public void StressRun_WithReboots_LeavesNoLdlmBlThreadRunning()
    {
        Assert.True(PatchCatalog.TryCreate("lustre-v4.7", out Patch patch));
        var options = new StressOptions
        {
            Patches = [patch.Name],
            Workload = WorkloadKind.OpenStorm,
            Threads = 8,
            Names = 4,
            RaceWindows = false,
            OnBug = OnBug.Reboot,
            Duration = TimeSpan.FromSeconds(2),
            Round = TimeSpan.FromSeconds(2),
            Seed = Runs.Seed,
            Warmup = TimeSpan.FromMilliseconds(100),
        };
        var pools = new List<ldlm_bl_pool>();
        var threads = new List<Thread>();
        void Collect(TargetBoot boot)
        {
            foreach (var m in boot.Mounts.Cast<LustreMount>())
            {
                pools.Add(m.ldlm_bl_pool);
                Assert.NotNull(m.ldlm_bl_pool.Thread); // started with the mount
                threads.Add(m.ldlm_bl_pool.Thread!);
            }
        }
        using (var engine = new StressEngine(options, _ => patch))
        {
            Collect(engine.Targets[0].Boot);
            engine.Rebooted += (t, _) => Collect(t.Boot);
            engine.Run();
            Assert.Equal(0, engine.UnstoppableThreads);
            output.WriteLine($"boots {engine.Targets[0].Crash.Totals(engine.Targets[0].TotalOps).Boots}, pools {pools.Count}");
        }
        Assert.All(threads, t => Assert.False(t.IsAlive, $"{t.Name} still running"));
        Assert.All(pools, p => Assert.Null(p.Thread));
    }
}
