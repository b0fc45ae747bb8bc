// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>Sizes of one dcache instance.</summary>
public sealed record DcacheOptions
{
    /// <summary><c>d_hash_shift</c>: the primary table has 2^shift buckets.</summary>
    public int DHashShift { get; init; } = 16;

    /// <summary><c>IN_LOOKUP_SHIFT</c> (10 in the kernel: 1024 buckets).</summary>
    public int InLookupShift { get; init; } = 10;

    /// <summary>Defaults.</summary>
    public static DcacheOptions Default { get; } = new();
}
