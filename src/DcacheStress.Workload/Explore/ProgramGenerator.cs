// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>
/// Draws small programs from a workload's op mix: <c>threads</c> tasks × <c>ops</c> operations on
/// <c>names</c> names of the race directory, each op through a random one of the two mounts; each
/// name starts absent, absent with a negative dentry, present, or (one in four of the present ones) held open through an
/// unhashed alias. Program <c>i</c> of seed <c>s</c> is always the same program.
/// </summary>
public sealed class ProgramGenerator(WorkloadKind workload, int threads, int ops, int names, ulong seed)
{
    private readonly OpMix _mix = OpMix.For(workload);

    /// <summary>The op mix's preset.</summary>
    public WorkloadKind Workload => workload;

    /// <summary>Program number <paramref name="index"/>.</summary>
    public ExploreProgram Generate(long index)
    {
        ulong rng = SeedMix.Derive(seed, (int)(index & 0x7FFFFFFF), (int)(index >> 31));
        var starts = new NameStart[names];
        for (int i = 0; i < names; i++)
        {
            ulong r = SeedMix.Next(ref rng) % 8;
            starts[i] = r < 2 ? NameStart.Absent : r < 4 ? NameStart.Negative : r < 7 ? NameStart.Present : NameStart.HeldUnhashed;
        }
        var program = new List<IReadOnlyList<ExploreOp>>();
        for (int t = 0; t < threads; t++)
        {
            var list = new List<ExploreOp>();
            for (int k = 0; k < ops; k++)
            {
                OpKind op = PlainOp(ref rng);
                ulong r = SeedMix.Next(ref rng);
                list.Add(new ExploreOp(op, (int)(r & 1), (int)((r >> 8) % (ulong)names), (int)((r >> 24) % (ulong)names)));
            }
            program.Add(list);
        }
        return new ExploreProgram($"{WorkloadNames.Name(workload)}#{index}", starts, program);
    }

    // A draw from the mix among the ops explore runs: lookup-hot's deep stat becomes a stat of a
    // race name; racer's other scripts (mkdir -p, rm -rf, link, symlink, ls -R, ...) are drawn again.
    private OpKind PlainOp(ref ulong rng)
    {
        for (int tries = 0; tries < 64; tries++)
        {
            OpKind op = _mix.Pick(SeedMix.Next(ref rng));
            if (op == OpKind.Lookup)
                return OpKind.Stat;
            if (op is OpKind.Open or OpKind.OpenCreat or OpKind.Stat or OpKind.Unlink or OpKind.Rename or OpKind.Readdir)
                return op;
        }
        return OpKind.Stat;
    }
}
