// SPDX-License-Identifier: GPL-2.0-only
using System.Text.RegularExpressions;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// The user's <c>--label key=value</c> pairs (repeatable; in configuration one comma-separated
/// value, <c>"Label": "site=lab1,kernel=4.7"</c>). Keys are Prometheus label names, because the
/// labels also land on the file_sd target and the OpenTelemetry resource.
/// </summary>
public static partial class RunLabels
{
    /// <summary>Keys the harness sets itself; a user label may not take them.</summary>
    public static IReadOnlyList<string> Reserved { get; } =
        ["fleet_id", "fleet_task", "fleet_engine", "run_id", "host", "seed", "instance", "job", "patch"];

    /// <summary>
    /// Parse <paramref name="text"/> (<c>k=v,k2=v2</c>); null and one line in
    /// <paramref name="error"/> on a bad pair.
    /// </summary>
    public static SortedDictionary<string, string>? Parse(string? text, out string? error)
    {
        error = null;
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
            return map;
        foreach (string raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            int eq = raw.IndexOf('=', StringComparison.Ordinal);
            string key = eq > 0 ? raw[..eq].Trim() : "";
            string value = eq > 0 ? raw[(eq + 1)..].Trim() : "";
            if (eq <= 0 || !KeyPattern().IsMatch(key))
            {
                error = $"--label: '{raw}' is not key=value (allowed: a key of letters, digits and _ not starting with a digit, then =, then a value without commas)";
                return null;
            }
            if (key.StartsWith("__", StringComparison.Ordinal) || Reserved.Contains(key, StringComparer.Ordinal))
            {
                error = $"--label: '{key}' is reserved (the harness sets {string.Join(", ", Reserved)} itself; keys starting with __ are Prometheus')";
                return null;
            }
            if (map.ContainsKey(key))
            {
                error = $"--label: '{key}' given twice";
                return null;
            }
            map[key] = value;
        }
        return map;
    }

    /// <summary>The configuration value of <paramref name="labels"/> (what <see cref="Parse"/> reads back).</summary>
    public static string Format(IReadOnlyDictionary<string, string> labels) =>
        string.Join(',', labels.Select(kv => $"{kv.Key}={kv.Value}"));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex KeyPattern();
}
