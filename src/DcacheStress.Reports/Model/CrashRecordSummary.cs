// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Model;

/// <summary>What a crash record says about one invariant hit: the dentry and the event trail.</summary>
public sealed class CrashRecordSummary
{
    public required string Invariant { get; init; }

    public required string Patch { get; init; }

    /// <summary><c>crash</c>, <c>root_cause</c>, <c>port_check</c> or <c>after_crash</c>; null in reports written before issue 13.</summary>
    public string? HitClass { get; init; }

    /// <summary>Worker thread that hit the invariant.</summary>
    public required int Thread { get; init; }

    /// <summary>Seconds since the run started.</summary>
    public required double TimeSeconds { get; init; }

    /// <summary>Dentry state at the hit (flags, hashed, in-lookup, positive, refcount...).</summary>
    public required IReadOnlyDictionary<string, string> Dentry { get; init; }

    /// <summary>The last events before the hit, oldest first.</summary>
    public required IReadOnlyList<string> Events { get; init; }
}
