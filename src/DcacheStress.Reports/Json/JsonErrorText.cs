// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;

namespace DcacheStress.Reports.Json;

/// <summary>Turns a <see cref="JsonException"/> into one readable line: where, then what.</summary>
internal static class JsonErrorText
{
    public static string Describe(JsonException e)
    {
        string what = e.Message;
        // System.Text.Json appends " Path: $.x | LineNumber: n | BytePositionInLine: m." itself.
        int cut = what.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0)
        {
            what = what[..cut];
        }

        what = Simplify(what.TrimEnd('.'));
        string where = e.LineNumber is long line
            ? $" (line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1})"
            : string.Empty;
        string path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? string.Empty : e.Path + ": ";
        return $"{path}{what}{where}";
    }

    // Messages that name CLR types ("could not be converted to System.Int64") say nothing to a
    // user who did not write the C# model; name the JSON field or type that is needed instead.
    private static string Simplify(string message)
    {
        // "JSON deserialization for type 'X' was missing required properties including: 'a', 'b'."
        const string missing = "was missing required properties including: ";
        int m = message.IndexOf(missing, StringComparison.Ordinal);
        if (m >= 0)
        {
            return "missing required field(s) " + message[(m + missing.Length)..];
        }

        const string prefix = "The JSON value could not be converted to ";
        if (!message.StartsWith(prefix, StringComparison.Ordinal))
        {
            return message;
        }

        string clrType = message[prefix.Length..];
        string expected = clrType switch
        {
            _ when clrType.Contains("Int", StringComparison.Ordinal) => "an integer",
            _ when clrType.Contains("Double", StringComparison.Ordinal) => "a number",
            _ when clrType.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ when clrType.Contains("String", StringComparison.Ordinal) => "a string",
            _ when clrType.Contains("DateTime", StringComparison.Ordinal) => "an ISO 8601 date-time string",
            _ when clrType.Contains("Dictionary", StringComparison.Ordinal) => "an object",
            _ when clrType.Contains("List", StringComparison.Ordinal) => "an array",
            _ => "an object",
        };
        return $"expected {expected}";
    }
}
