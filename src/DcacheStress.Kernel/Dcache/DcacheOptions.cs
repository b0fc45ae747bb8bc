// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>Sizes of one dcache instance.</summary>
public sealed record DcacheOptions
{
    /// <summary><c>d_hash_shift</c>: the primary table has 2^shift buckets.</summary>
    public int DHashShift { get; init; } = 16;

    /// <summary><c>IN_LOOKUP_SHIFT</c> (10 in the kernel: 1024 buckets).</summary>
    public int InLookupShift { get; init; } = 10;

    /// <summary>
    /// The invariant sites to count into (null: a new <see cref="Kernel.Bug"/>). A stress target
    /// that reboots after a crash gives each new dcache its first one, so its totals span boots.
    /// </summary>
    public Bug? Bug { get; init; }

    /// <summary>The race-window hooks to use (null: new, off); kept across a target's reboots.</summary>
    public RaceWindows? Race { get; init; }

    /// <summary>Defaults.</summary>
    public static DcacheOptions Default { get; } = new();
}
