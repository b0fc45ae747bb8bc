// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>What <see cref="Dcache.fsck"/> found.</summary>
public sealed class FsckReport
{
    /// <summary>Structural errors, one line each (empty when the dcache is sound).</summary>
    public List<string> Errors { get; } = [];

    /// <summary>
    /// Semantic findings that are not structural damage: two hashed dentries with the same
    /// (parent, name) — the state the broken patches really leave behind (hash.duplicate_name).
    /// </summary>
    public List<string> Duplicates { get; } = [];

    /// <summary>Hashed dentries seen on the primary chains.</summary>
    public long Hashed { get; internal set; }

    /// <summary>Dentries seen on the in-lookup chains.</summary>
    public long InLookup { get; internal set; }

    /// <summary>Longest primary chain.</summary>
    public int LongestChain { get; internal set; }

    /// <summary>True when no error was found.</summary>
    public bool Clean => Errors.Count == 0;

    internal void Error(string what)
    {
        if (Errors.Count < 1000)
            Errors.Add(what);
    }

    internal void Duplicate(string what)
    {
        if (Duplicates.Count < 1000)
            Duplicates.Add(what);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Clean ? $"fsck: clean ({Hashed} hashed, {InLookup} in-lookup, longest chain {LongestChain}, {Duplicates.Count} duplicate names)"
              : $"fsck: {Errors.Count} error(s); first: {Errors[0]}";
}
