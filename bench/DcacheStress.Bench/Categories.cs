// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Bench;

/// <summary>
/// Benchmark categories, in one place (<c>--anyCategories</c> filters on these strings). A
/// category's values, like benchmark method names, never change once published: a rename would
/// be a new benchmark with no history.
/// </summary>
public static class Categories
{
    /// <summary>Name hashing (<c>full_name_hash</c>).</summary>
    public const string Hash = "hash";

    /// <summary>Hash lookups that find a positive dentry.</summary>
    public const string LookupHit = "lookup-hit";

    /// <summary>Hash lookups of names that are not cached at all.</summary>
    public const string LookupMiss = "lookup-miss";

    /// <summary>Hash lookups that find a cached negative dentry.</summary>
    public const string NegativeHit = "negative-hit";

    /// <summary>Whole path walks (four components).</summary>
    public const string PathWalk = "path-walk";

    /// <summary><c>d_alloc_parallel</c> on a name nobody else is looking up.</summary>
    public const string AllocParallel = "d_alloc_parallel";

    /// <summary><c>open()</c> + <c>close()</c> of a cached file, per catalogued patch.</summary>
    public const string Open = "open";

    /// <summary>The race-window hook when no policy is installed.</summary>
    public const string RaceWindows = "race-windows";

    /// <summary>Explore: one controlled execution, its fsck.</summary>
    public const string Explore = "explore";

    /// <summary>Baseline implementations (ConcurrentDictionary, global lock, empty call).</summary>
    public const string Baseline = "baseline";

    /// <summary>The ported code.</summary>
    public const string Port = "port";
}
