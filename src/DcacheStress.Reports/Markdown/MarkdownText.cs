// SPDX-License-Identifier: GPL-2.0-only
using System.Text;

namespace DcacheStress.Reports.Markdown;

/// <summary>Escaping for names that end up in Markdown (patch and invariant names come from users).</summary>
internal static class MarkdownText
{
    /// <summary>
    /// Backslash-escapes what could change the rendering of a table cell or line: backslash,
    /// backtick, '*', '|', '&lt;' (raw HTML, autolinks) always; '_' where it could open or close
    /// emphasis (at a word edge; inside words CommonMark ignores it, so d_splice_alias stays
    /// readable); brackets only when the text could form a link; '#' and '&gt;' at the start.
    /// Line breaks become spaces.
    /// </summary>
    public static string Escape(string text)
    {
        bool linkLike = text.Contains("](", StringComparison.Ordinal) || text.Contains("][", StringComparison.Ordinal);
        var sb = new StringBuilder(text.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool escape = c switch
            {
                '\\' or '`' or '*' or '|' or '<' => true,
                '_' => !IsWord(text, i - 1) || !IsWord(text, i + 1),
                '[' or ']' => linkLike,
                '#' or '>' => i == 0,
                _ => false,
            };
            if (c is '\r' or '\n')
            {
                sb.Append(' ');
                continue;
            }

            if (escape)
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>A code fence longer than any backtick run in <paramref name="content"/>.</summary>
    public static string FenceFor(string content)
    {
        int longest = 0;
        int run = 0;
        foreach (char c in content)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return new string('`', Math.Max(3, longest + 1));
    }

    private static bool IsWord(string text, int i) => i >= 0 && i < text.Length && char.IsLetterOrDigit(text[i]);
}
