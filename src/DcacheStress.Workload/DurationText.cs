// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text;

namespace DcacheStress.Workload;

/// <summary>
/// Durations as users type them: <c>90s</c>, <c>4h</c>, <c>1h30m</c>, <c>500ms</c>, <c>1.5m</c>, or a
/// plain number of seconds.
/// </summary>
public static class DurationText
{
    /// <summary>The accepted forms, for error messages.</summary>
    public const string Allowed = "a number with a unit, e.g. 90s, 4h, 1h30m, 500ms (units ms, s, m, h, d)";

    /// <summary>Parse <paramref name="text"/>; false when it is not a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        string s = text.Trim().ToLowerInvariant();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double plain))
            return FromSeconds(plain, out value);

        double seconds = 0;
        int i = 0;
        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
                i++;
            if (i == start)
                return false;
            if (!double.TryParse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double n))
                return false;
            int unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
                i++;
            double scale = s[unitStart..i] switch
            {
                "ms" => 1e-3,
                "s" => 1,
                "m" or "min" => 60,
                "h" => 3600,
                "d" => 86400,
                _ => double.NaN,
            };
            if (double.IsNaN(scale))
                return false;
            seconds += n * scale;
        }
        return FromSeconds(seconds, out value);
    }

    private static bool FromSeconds(double seconds, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (!double.IsFinite(seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            return false;
        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>Short form: <c>1h30m</c>, <c>90s</c>, <c>2.5s</c>, <c>500ms</c>.</summary>
    public static string Format(TimeSpan t)
    {
        if (t < TimeSpan.FromSeconds(1))
            return string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0.###}ms");
        if (t.Ticks % TimeSpan.TicksPerSecond != 0 || t < TimeSpan.FromMinutes(2))
            return string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.###}s");
        var sb = new StringBuilder();
        if (t.Days > 0)
            sb.Append(CultureInfo.InvariantCulture, $"{t.Days}d");
        if (t.Hours > 0)
            sb.Append(CultureInfo.InvariantCulture, $"{t.Hours}h");
        if (t.Minutes > 0)
            sb.Append(CultureInfo.InvariantCulture, $"{t.Minutes}m");
        if (t.Seconds > 0)
            sb.Append(CultureInfo.InvariantCulture, $"{t.Seconds}s");
        return sb.ToString();
    }
}
