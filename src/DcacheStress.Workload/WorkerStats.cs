// SPDX-License-Identifier: GPL-2.0-only
using System.Runtime.CompilerServices;

namespace DcacheStress.Workload;

/// <summary>
/// One thread's counters for one patch. Only the owning thread writes them (plain increments);
/// readers sum them at scrape time with Volatile reads. The counters sit in the middle of their
/// array with a cache line of padding on each side, so no two threads' hot words share a line.
/// </summary>
public sealed class WorkerStats
{
    /// <summary>Bytes per cache line assumed for padding (two lines: adjacent-line prefetch).</summary>
    public const int CacheLineLongs = 16;

    private const int OpsBase = CacheLineLongs;
    private const int Cells = OpNames.OpCount * OpNames.ResultCount;
    private const int LookupsIdx = OpsBase + Cells;
    private const int RetriesIdx = LookupsIdx + 1;
    private const int TotalIdx = RetriesIdx + 1;

    private readonly long[] _c = new long[TotalIdx + 1 + CacheLineLongs];

    /// <summary>Count one finished op.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Count(OpKind op, OpResult result)
    {
        _c[OpsBase + (int)op * OpNames.ResultCount + (int)result]++;
        _c[TotalIdx]++;
    }

    /// <summary>Add a walk's component lookups and seqcount retries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddWalk(long lookups, long retries)
    {
        _c[LookupsIdx] += lookups;
        _c[RetriesIdx] += retries;
    }

    /// <summary>Ops of one kind and result.</summary>
    public long Ops(OpKind op, OpResult result) => Volatile.Read(ref _c[OpsBase + (int)op * OpNames.ResultCount + (int)result]);

    /// <summary>All ops.</summary>
    public long TotalOps => Volatile.Read(ref _c[TotalIdx]);

    /// <summary>Component lookups.</summary>
    public long Lookups => Volatile.Read(ref _c[LookupsIdx]);

    /// <summary>Seqcount retries (RCU-walk validations that failed).</summary>
    public long SeqRetries => Volatile.Read(ref _c[RetriesIdx]);

    /// <summary>Add carried-over counts of one op kind and result (resume; owner thread not running).</summary>
    public void Carry(OpKind op, OpResult result, long n)
    {
        _c[OpsBase + (int)op * OpNames.ResultCount + (int)result] += n;
        _c[TotalIdx] += n;
    }

    /// <summary>Add <paramref name="other"/>'s counts (resume from a checkpoint; owner thread not running).</summary>
    public void Add(WorkerStats other)
    {
        for (int i = 0; i < _c.Length; i++)
            _c[i] += other._c[i];
    }
}
