// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>The state a name of the race directory starts an execution in.</summary>
public enum NameStart
{
    /// <summary>Not on the server.</summary>
    Absent,
    /// <summary>Not on the server, looked up once through mount 1: a hashed negative dentry there.</summary>
    Negative,
    /// <summary>On the server and looked up once through mount 1 (a hashed positive dentry).</summary>
    Present,
    /// <summary>
    /// Present, and a process holds it open through a dentry that has since been unhashed (a failed
    /// revalidation or readdir's <c>nfs_prime_dcache</c> leave such aliases; docs/findings.md).
    /// </summary>
    HeldUnhashed,
}

/// <summary>
/// A small bounded program for explore: how each name of the race directory starts, and each
/// task's list of operations. Generated from an op mix (<see cref="ProgramGenerator"/>) or
/// translated from a deterministic repro (<see cref="ScenarioCatalog"/>).
/// </summary>
public sealed record ExploreProgram(string Name, IReadOnlyList<NameStart> Names, IReadOnlyList<IReadOnlyList<ExploreOp>> Threads)
{
    /// <summary>Task names: A, B, C, ...</summary>
    public IReadOnlyList<string> TaskNames => [.. Threads.Select((_, i) => ((char)('A' + i)).ToString())];

    /// <summary>Total operations.</summary>
    public int OpCount => Threads.Sum(t => t.Count);

    /// <summary>The program without op <paramref name="op"/> of task <paramref name="thread"/> (a task left empty goes).</summary>
    public ExploreProgram Without(int thread, int op)
    {
        var threads = Threads.Select(t => (IReadOnlyList<ExploreOp>)[.. t]).ToList();
        var ops = threads[thread].ToList();
        ops.RemoveAt(op);
        if (ops.Count == 0)
            threads.RemoveAt(thread);
        else
            threads[thread] = ops;
        return this with { Threads = threads };
    }

    /// <summary>Lines that describe it ("A: open mnt1:/racer/f0; stat mnt2:/racer/f1").</summary>
    public IEnumerable<string> Describe()
    {
        yield return "start: " + string.Join(", ", Names.Select((s, i) => $"{ExploreWorld.PathOf(i)} {s switch
        {
            NameStart.Absent => "absent",
            NameStart.Negative => "absent, negative dentry on mnt1",
            NameStart.Present => "present",
            _ => "present, held open through an unhashed alias",
        }}"));
        var names = TaskNames;
        for (int t = 0; t < Threads.Count; t++)
            yield return $"{names[t]}: {string.Join("; ", Threads[t].Select(o => o.Describe()))}";
    }
}
