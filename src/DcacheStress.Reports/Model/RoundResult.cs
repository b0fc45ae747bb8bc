// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Model;

/// <summary>One round of one patch (rounds of several patches interleave A B A B...).</summary>
public sealed class RoundResult
{
    public required int Index { get; init; }

    public required ulong Seed { get; init; }

    public required long Ops { get; init; }

    public required double ActiveSeconds { get; init; }

    /// <summary>Total invariant hits in this round.</summary>
    public required long Hits { get; init; }

    /// <summary>Seconds into this round of its first hit; null when the round had none.</summary>
    public double? FirstHitSeconds { get; init; }

    public required IReadOnlyDictionary<string, long> HitsByInvariant { get; init; }

    /// <summary>Crashes in this round (0 in reports written before issue 13).</summary>
    public int Crashes { get; init; }

    /// <summary>Active seconds into this round of its first crash; null when none.</summary>
    public double? FirstCrashSeconds { get; init; }
}
