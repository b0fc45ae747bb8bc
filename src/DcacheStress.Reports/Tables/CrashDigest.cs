// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Tables;

/// <summary>
/// Crash records of one invariant: how many, on which patches, and the earliest one in full
/// (its dentry state and event trail), which is what a reader of a crash dump looks at first.
/// </summary>
internal sealed record CrashDigest(string Invariant, int Count, IReadOnlyList<string> Patches, CrashRecordSummary First)
{
    public static IReadOnlyList<CrashDigest> From(IReadOnlyList<CrashRecordSummary>? records) =>
        records is null
            ? []
            : [.. records
                .GroupBy(r => r.Invariant, StringComparer.Ordinal)
                .Select(g => new CrashDigest(
                    g.Key,
                    g.Count(),
                    [.. g.Select(r => r.Patch).Distinct(StringComparer.Ordinal)],
                    g.OrderBy(r => r.TimeSeconds).First()))
                .OrderBy(d => d.First.TimeSeconds)];
}
