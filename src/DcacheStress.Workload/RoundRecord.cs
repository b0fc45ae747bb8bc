// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload;

/// <summary>
/// What one round of one patch did. <paramref name="Crashes"/> counts its crashes (first
/// kernel-BUG-class hit of a boot) and <paramref name="FirstCrashSeconds"/> is the active time into
/// the round of its first one; both default for records written before issue 13.
/// </summary>
public sealed record RoundRecord(
    int Index,
    ulong Seed,
    long Ops,
    double ActiveSeconds,
    long Hits,
    double? FirstHitSeconds,
    IReadOnlyDictionary<string, long> HitsByInvariant,
    int Crashes = 0,
    double? FirstCrashSeconds = null);
