// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;

namespace DcacheStress.Service.Terminal;

/// <summary>Short number forms for the console.</summary>
public static class Numbers
{
    /// <summary>1234567 → <c>1.23M</c>; below 10 000 the number itself.</summary>
    public static string Si(double v)
    {
        var c = CultureInfo.InvariantCulture;
        double a = Math.Abs(v);
        return a switch
        {
            >= 1e12 => (v / 1e12).ToString("0.##", c) + "T",
            >= 1e9 => (v / 1e9).ToString("0.##", c) + "G",
            >= 1e6 => (v / 1e6).ToString("0.##", c) + "M",
            >= 1e4 => (v / 1e3).ToString("0.#", c) + "k",
            _ => v.ToString("0", c),
        };
    }

    /// <summary>Thousands separated: <c>1,234,567</c>.</summary>
    public static string Grouped(long v) => v.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Seconds with a sensible precision: <c>0.00123s</c>, <c>1.23s</c>, <c>123s</c>.</summary>
    public static string Seconds(double s) => s switch
    {
        < 0.01 => s.ToString("0.#####", CultureInfo.InvariantCulture) + "s",
        < 100 => s.ToString("0.###", CultureInfo.InvariantCulture) + "s",
        _ => s.ToString("0", CultureInfo.InvariantCulture) + "s",
    };
}
