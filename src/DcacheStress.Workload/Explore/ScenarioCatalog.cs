// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>
/// The deterministic repros (<c>./run.sh repro --list</c>) as explore scenarios: the same tasks
/// and start state, and none of their hand-written waits — the scheduler has to find the
/// interleaving. Viro's repro lets "the other mount" create the file from a schedule action; here
/// that is one more task, an <c>open(O_CREAT)</c> through mount 2.
/// </summary>
public static class ScenarioCatalog
{
    private static ExploreOp Open(int mount, int name) => new(OpKind.Open, mount, name);

    /// <summary>All scenarios.</summary>
    public static IReadOnlyList<ExploreProgram> All { get; } =
    [
        new("rc6-two-openers", [NameStart.Absent], [[Open(0, 0)], [Open(0, 0)], [Open(0, 0)]]),
        new("viro-three-openers", [NameStart.Absent],
            [[Open(0, 0)], [Open(0, 0)], [Open(0, 0)], [Open(0, 0)], [new ExploreOp(OpKind.OpenCreat, 1, 0)]]),
        new("viro-three-openers-negative", [NameStart.Negative],
            [[Open(0, 0)], [Open(0, 0)], [Open(0, 0)], [new ExploreOp(OpKind.OpenCreat, 1, 0)]]),
        new("viro-ls-opendir", [NameStart.Absent],
            [[Open(0, 0)], [Open(0, 0)], [new ExploreOp(OpKind.Readdir, 0, 0, Entry: true)], [new ExploreOp(OpKind.Readdir, 0, 0, Entry: true)]]),
        new("exact-alias-rehash", [NameStart.HeldUnhashed], [[Open(0, 0)], [Open(0, 0)]]),
        // lustre-two-openers (Lustre I1) as explore shrank it from generated open-storm programs:
        // two openers through mount 1 and a creator through mount 2, whose create has the MDS
        // cancel mount 1's UPDATE lock on the directory (run by mount 1's ldlm_bl task).
        new("lustre-two-openers", [NameStart.Absent], [[new ExploreOp(OpKind.OpenCreat, 1, 0)], [Open(0, 0)], [Open(0, 0)]]),
    ];

    /// <summary>Find by name.</summary>
    public static bool TryGet(string name, out ExploreProgram program)
    {
        program = All.FirstOrDefault(p => p.Name == name)!;
        return program is not null;
    }
}
