// SPDX-License-Identifier: GPL-2.0-only
using System.Text.RegularExpressions;

namespace DcacheStress.Service.Fleet;

/// <summary>POSIX shell quoting for the scripts that <c>fleet submit</c> writes.</summary>
public static partial class ShellWords
{
    /// <summary><paramref name="word"/> as one shell word: unchanged when safe, else in single quotes.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && Safe().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The words quoted and joined with spaces.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    [GeneratedRegex("^[A-Za-z0-9_@%+=:,./-]+$")]
    private static partial Regex Safe();
}
