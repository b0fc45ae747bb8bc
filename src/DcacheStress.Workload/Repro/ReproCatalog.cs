// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Workload.Repro.Lustre;

namespace DcacheStress.Workload.Repro;

/// <summary>The deterministic repros users can run (<c>./run.sh repro --list</c>).</summary>
public static class ReproCatalog
{
    /// <summary>All repros.</summary>
    public static IReadOnlyList<ReproScenario> All { get; } = [new EnoentRehashRepro(), new TentativeThreeOpenersRepro(), new TentativeLsOpendirRepro(), new ExactAliasRehashRepro(),
        new LustreTwoOpenersRepro(), new LustreViroUnlinkRepro(), new LustreParallelLookupRepro(),
        new LustreInLookupRecheckRepro(), new LustreRehashRepro()];

    /// <summary>Find by name.</summary>
    public static bool TryGet(string name, out ReproScenario repro)
    {
        repro = All.FirstOrDefault(r => r.Name == name)!;
        return repro is not null;
    }
}
