// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Tests;

/// <summary>Counting in rendered pages.</summary>
internal static class Occurrences
{
    /// <summary>How often <paramref name="what"/> stands in <paramref name="text"/> (ordinal, not overlapping).</summary>
    public static int Count(string text, string what) =>
        (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;
}
