// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace DcacheStress.Reports.Html;

/// <summary>Escaping for the three contexts report.html puts text in.</summary>
internal static class HtmlText
{
    // Escapes & < > " ' and control characters; leaves other Unicode (→, ±, −) readable.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Text content and quoted attribute values.</summary>
    public static string Encode(string text) => Encoder.Encode(text);

    /// <summary>
    /// A script body inlined in a &lt;script&gt; element: the HTML parser ends the element at the
    /// first "&lt;/script" and treats "&lt;!--" specially, so both are broken up (inside JavaScript
    /// strings and regular expressions "\/" and "\!" mean the same characters).
    /// </summary>
    public static string Script(string code) =>
        code.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)
            .Replace("<!--", "<\\!--", StringComparison.Ordinal);
}
