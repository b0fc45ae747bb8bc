// SPDX-License-Identifier: GPL-2.0-only
using System.Text;

namespace DcacheStress.Fs.Tests.Support;

/// <summary>
/// Just enough C# lexing to tell code from comments: <see cref="StripComments"/> blanks out
/// <c>//</c>, <c>///</c> and <c>/* */</c> comments (keeping line breaks, so line numbers survive)
/// and leaves string and character literals alone, so that a "//" inside a string is not taken
/// for a comment.
/// </summary>
internal static class CSharpText
{
    public static string StripComments(string src)
    {
        var sb = new StringBuilder(src.Length);
        int i = 0;
        while (i < src.Length)
        {
            char c = src[i];
            char next = i + 1 < src.Length ? src[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                while (i < src.Length && src[i] != '\n')
                    i++;
                continue;
            }
            if (c == '/' && next == '*')
            {
                i += 2;
                while (i < src.Length && !(src[i] == '*' && i + 1 < src.Length && src[i + 1] == '/'))
                {
                    if (src[i] == '\n')
                        sb.Append('\n');
                    i++;
                }
                i += 2;
                continue;
            }
            if (c == '"' && next == '"' && i + 2 < src.Length && src[i + 2] == '"')
            {
                // raw string literal: up to the next """
                int end = src.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                end = end < 0 ? src.Length : end + 3;
                sb.Append(src, i, end - i);
                i = end;
                continue;
            }
            if (c == '"' || c == '\'')
            {
                bool verbatim = i > 0 && (src[i - 1] == '@' || (src[i - 1] == '$' && i > 1 && src[i - 2] == '@'));
                int j = i + 1;
                while (j < src.Length)
                {
                    if (!verbatim && src[j] == '\\')
                    {
                        j += 2;
                        continue;
                    }
                    if (src[j] == c)
                    {
                        if (verbatim && j + 1 < src.Length && src[j + 1] == c)
                        {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    if (!verbatim && src[j] == '\n')
                        break; // unterminated: stop at the line end
                    j++;
                }
                j = Math.Min(j + 1, src.Length);
                sb.Append(src, i, j - i);
                i = j;
                continue;
            }
            sb.Append(c);
            i++;
        }
        return sb.ToString();
    }
}
