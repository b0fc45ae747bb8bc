// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Model;

/// <summary>Cumulative counters of one patch at one sample time.</summary>
public sealed class TimelineSample
{
    /// <summary>Seconds since the run started.</summary>
    public required double TSeconds { get; init; }

    public required string Patch { get; init; }

    /// <summary>Operations of this patch so far.</summary>
    public required long Ops { get; init; }

    /// <summary>Invariant hits of this patch so far.</summary>
    public required long Hits { get; init; }
}
