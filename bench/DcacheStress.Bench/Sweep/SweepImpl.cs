// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Bench.Sweep;

/// <summary>What a sweep row measures.</summary>
internal enum SweepImpl
{
    /// <summary>The port: the workload's ops through the ported VFS and dcache (Ops.Run).</summary>
    Rcu,
    /// <summary>The port's dcache alone: RCU-walk lookups, writers through d_alloc/d_add, d_drop, d_move.</summary>
    RcuWalk,
    /// <summary>Baseline: ConcurrentDictionary keyed by (parent, name bytes).</summary>
    Cd,
    /// <summary>Baseline: one ReaderWriterLockSlim around a Dictionary (pre-RCU dcache_lock).</summary>
    GlobalLock,
}

/// <summary>Names as users type them.</summary>
internal static class SweepImplNames
{
    private static readonly string[] s_names = ["rcu", "rcu-walk", "cd", "global-lock"];

    /// <summary>All names.</summary>
    public static IReadOnlyList<string> All => s_names;

    /// <summary>Name of <paramref name="impl"/>.</summary>
    public static string Name(SweepImpl impl) => s_names[(int)impl];

    /// <summary>Parse; false when unknown.</summary>
    public static bool TryParse(string s, out SweepImpl impl)
    {
        int i = Array.IndexOf(s_names, s);
        impl = (SweepImpl)Math.Max(0, i);
        return i >= 0;
    }
}
