// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload;

/// <summary>Weighted choice of the next op (integer weights out of a total, one draw per op).</summary>
public sealed class OpMix
{
    private readonly OpKind[] _table;

    /// <summary>Build from (op, weight) pairs; weights are relative.</summary>
    public OpMix(params (OpKind Op, int Weight)[] weights)
    {
        var list = new List<OpKind>();
        foreach (var (op, w) in weights)
        {
            if (w < 0)
                throw new ArgumentOutOfRangeException(nameof(weights), w, "weights must be >= 0");
            for (int i = 0; i < w; i++)
                list.Add(op);
        }
        if (list.Count == 0)
            throw new ArgumentException("an op mix needs at least one op", nameof(weights));
        _table = [.. list];
    }

    /// <summary>The op for a random draw.</summary>
    public OpKind Pick(ulong random) => _table[(int)(random % (ulong)_table.Length)];

    /// <summary>Share of <paramref name="op"/> in the mix.</summary>
    public double Share(OpKind op) => _table.Count(o => o == op) / (double)_table.Length;

    /// <summary>The preset's mix. <paramref name="churn"/> (0..1) is the writer share of lookup-hot.</summary>
    public static OpMix For(WorkloadKind kind, double churn = 0) => kind switch
    {
        // racer: Lustre's 16 scripts, each looping in the same number of shells (racer.sh starts
        // every script NUM_THREADS times per mount), so each script has the same weight; chmod,
        // chown, setxattr and delxattr all become `setattr` (a path walk), getxattr a `stat`.
        WorkloadKind.Racer => new OpMix(
            (OpKind.OpenCreat, 1), (OpKind.DirCreate, 1), (OpKind.RmRf, 1), (OpKind.Rename, 1),
            (OpKind.Link, 1), (OpKind.Symlink, 1), (OpKind.ListR, 1), (OpKind.Concat, 1),
            (OpKind.Exec, 1), (OpKind.Setattr, 4), (OpKind.Mknod, 1), (OpKind.Truncate, 1),
            (OpKind.Stat, 1)),
        WorkloadKind.OpenStorm => new OpMix(
            (OpKind.Open, 55), (OpKind.Readdir, 10), (OpKind.OpenCreat, 10), (OpKind.Unlink, 15), (OpKind.Stat, 10)),
        WorkloadKind.LookupHot => ChurnMix(churn),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static OpMix ChurnMix(double churn)
    {
        int writers = (int)Math.Round(Math.Clamp(churn, 0, 1) * 1000);
        if (writers == 0)
            return new OpMix((OpKind.Lookup, 1));
        // writers split between create, unlink and rename of leaf names
        return new OpMix((OpKind.Lookup, 1000 - writers), (OpKind.OpenCreat, writers / 3 + writers % 3),
            (OpKind.Unlink, writers / 3), (OpKind.Rename, writers / 3));
    }
}
