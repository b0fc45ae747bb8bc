// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload;

/// <summary>What one round of one patch did.</summary>
public sealed record RoundRecord(
    int Index,
    ulong Seed,
    long Ops,
    double ActiveSeconds,
    long Hits,
    double? FirstHitSeconds,
    IReadOnlyDictionary<string, long> HitsByInvariant);
