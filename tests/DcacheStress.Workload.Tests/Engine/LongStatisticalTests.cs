// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Workload.Tests.Support;

namespace DcacheStress.Workload.Tests.Engine;

/// <summary>
/// The long form of <see cref="StatisticalTests"/> (run with <c>./run.sh test --long</c>): issue 4's
/// table, 5 seeds × 20 s per patch on racer's default 20 names, open-storm, race windows on. Every
/// broken patch must hit under every seed; the fixes must show no invariant hit in 20 s.
/// </summary>
public sealed class LongStatisticalTests(ITestOutputHelper output)
{
    private static readonly ulong[] s_seeds = [1, 2, 3, 4, 5];

    [Fact(Explicit = true)]
    public void Stress_FiveSeedsTwentySecondsDefaultNames_BrokenPatchesHitEverySeedFixesStayClean()
    {
        var failures = new List<string>();
        foreach (Patch patch in PatchCatalog.All.OfType<NfsPatch>()) // the seed race; Lustre: LustreStressTests
        {
            var firstHits = new List<double>();
            foreach (ulong seed in s_seeds)
            {
                var options = Runs.OpenStorm(patch.Name, TimeSpan.FromSeconds(20), stopOnFirstHit: !patch.ExpectedClean) with { Names = 20, Seed = seed };
                var run = Runs.Run(options);
                output.WriteLine($"seed {seed}: {run.Summary()}");
                Runs.AssertFsckClean(run.Target);
                if (patch.ExpectedClean && run.SeedRaceHits != 0)
                    failures.Add($"{patch.Name} seed {seed}: {run.SeedRaceHits} hits");
                if (!patch.ExpectedClean)
                {
                    if (run.Target.FirstHitSeconds is double f)
                        firstHits.Add(f);
                    else
                        failures.Add($"{patch.Name} seed {seed}: no hit in 20 s");
                }
            }
            if (firstHits.Count > 0)
                output.WriteLine($"{patch.Name}: median first hit {firstHits.Order().ElementAt(firstHits.Count / 2):F3} s over {firstHits.Count} seeds");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
