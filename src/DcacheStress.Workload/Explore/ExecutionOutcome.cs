// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>One execution of a program: the scheduler's result and what the dcache says after it.</summary>
public sealed record ExecutionOutcome(ExecutionResult Result, IReadOnlyDictionary<string, long> Hits, bool FsckClean, string? Fsck)
{
    /// <summary>The first invariant hit by name (ordinal order), or "fsck" for a structural error only fsck saw; null: clean.</summary>
    public string? Finding => Hits.Count > 0 ? Hits.Keys.First() : FsckClean ? null : "fsck";

    /// <summary>True when something broke.</summary>
    public bool Hit => Finding is not null;
}
