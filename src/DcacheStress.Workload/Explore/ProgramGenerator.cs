// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>
/// Draws small programs from a workload's op mix: <c>threads</c> tasks × <c>ops</c> operations on
/// <c>names</c> names of the race directory, each op through a random one of the two mounts; each
/// name starts absent, absent with a negative dentry, present, or (one in four of the present ones) held open through an
/// unhashed alias. With <see cref="ProgramShape.Race"/> the ops and start states are drawn from the
/// race-biased distribution instead. Program <c>i</c> of seed <c>s</c> is always the same program.
/// </summary>
public sealed class ProgramGenerator(WorkloadKind workload, int threads, int ops, int names, ulong seed,
    ProgramShape shape = ProgramShape.Mix)
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
            if (shape == ProgramShape.Race)
            {
                // Absent 1/2 (an in-lookup owner to be had), a hashed negative 1/4, present 1/4.
                starts[i] = r < 4 ? NameStart.Absent : r < 6 ? NameStart.Negative : NameStart.Present;
                continue;
            }
            starts[i] = r < 2 ? NameStart.Absent : r < 4 ? NameStart.Negative : r < 7 ? NameStart.Present : NameStart.HeldUnhashed;
        }
        var program = new List<IReadOnlyList<ExploreOp>>();
        for (int t = 0; t < threads; t++)
        {
            var list = new List<ExploreOp>();
            for (int k = 0; k < ops; k++)
            {
                if (shape == ProgramShape.Race)
                {
                    list.Add(RaceOp(ref rng));
                    continue;
                }
                OpKind op = PlainOp(ref rng);
                ulong r = SeedMix.Next(ref rng);
                // An ls is half the time `ls -R`'s opendir of an entry (O_DIRECTORY, no O_CREAT): the
                // open by which Viro's patch reaches Drokin's BUG (findings.md §2); else the directory's.
                bool entry = op == OpKind.Readdir && ((r >> 40) & 1) != 0;
                list.Add(new ExploreOp(op, (int)(r & 1), (int)((r >> 8) % (ulong)names), (int)((r >> 24) % (ulong)names), entry));
            }
            program.Add(list);
        }
        string name = shape == ProgramShape.Race ? "race" : WorkloadNames.Name(workload);
        return new ExploreProgram($"{name}#{index}", starts, program);
    }

    // The race shape's op: open 4/12, ls of the entry 4/12, open(O_CREAT) 2/12, stat 1/12, unlink
    // 1/12; creators through mount 2 and the rest through mount 1, seven times in eight.
    private ExploreOp RaceOp(ref ulong rng)
    {
        ulong r = SeedMix.Next(ref rng);
        ulong w = r % 12;
        OpKind op = w < 4 ? OpKind.Open : w < 8 ? OpKind.Readdir : w < 10 ? OpKind.OpenCreat : w < 11 ? OpKind.Stat : OpKind.Unlink;
        int usual = op == OpKind.OpenCreat ? 1 : 0;
        int mount = ((r >> 8) & 7) == 0 ? 1 - usual : usual;
        int name = (int)((r >> 16) % (ulong)names);
        return new ExploreOp(op, mount, name, name, Entry: op == OpKind.Readdir);
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
