// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text;

namespace DcacheStress.Reports;

/// <summary>
/// Where the text report writers (report.md, report.html) send their output: a file (UTF-8
/// without a byte order mark) or a string.
/// </summary>
internal static class ReportText
{
    private static readonly UTF8Encoding s_utf8NoBom = new(false);

    /// <summary>Runs <paramref name="write"/> into the file at <paramref name="path"/>, replacing it.</summary>
    public static void ToFile(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var writer = new StreamWriter(path, append: false, s_utf8NoBom);
        write(writer);
    }

    /// <summary>Runs <paramref name="write"/> into a string and returns it.</summary>
    public static string ToText(Action<TextWriter> write)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        write(writer);
        return writer.ToString();
    }
}
