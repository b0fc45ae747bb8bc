// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;

namespace DcacheStress.Reports.Statistics;

/// <summary>How numbers read in reports: invariant culture, thousands separators, U+2212 minus.</summary>
public static class NumberFormat
{
    /// <summary>The typographic minus sign used for negative numbers in reports.</summary>
    public const char Minus = '\u2212';

    /// <summary>Below this, p-values print as "p &lt; 1e-9".</summary>
    public const double SmallestPrintedP = 1e-9;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>1234567 → "1,234,567".</summary>
    public static string Count(long value) => WithMinus(value.ToString("N0", Invariant));

    /// <summary>Three (or <paramref name="digits"/>) significant digits; scientific below 0.0001.</summary>
    public static string Significant(double value, int digits = 3)
    {
        if (double.IsNaN(value))
        {
            return "n/a";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "∞" : Minus + "∞";
        }

        if (value == 0)
        {
            return "0";
        }

        double abs = Math.Abs(value);
        if (abs >= Math.Pow(10, digits - 1))
        {
            return WithMinus(Math.Round(value).ToString("N0", Invariant));
        }

        if (abs < 1e-4)
        {
            return Scientific(value, digits - 1);
        }

        int magnitude = (int)Math.Floor(Math.Log10(abs));
        int decimals = Math.Clamp(digits - 1 - magnitude, 0, 15);
        string text = Math.Round(value, decimals).ToString("F" + decimals.ToString(Invariant), Invariant);
        return WithMinus(text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text);
    }

    /// <summary>−2.1% / +0.8% (one decimal by default).</summary>
    public static string SignedPercent(double value, int decimals = 1)
    {
        if (double.IsNaN(value))
        {
            return "n/a";
        }

        double rounded = Math.Round(value, decimals);
        string body = Math.Abs(rounded).ToString("F" + decimals.ToString(Invariant), Invariant) + "%";
        return rounded > 0 ? "+" + body : rounded < 0 ? Minus + body : body;
    }

    /// <summary>0.8 → "0.8%" (a half-width, no sign).</summary>
    public static string Percent(double value, int decimals = 1) =>
        Math.Abs(value).ToString("F" + decimals.ToString(Invariant), Invariant) + "%";

    /// <summary>"p &lt; 1e-9", "p = 3.2e-7", "p = 0.034", "p = 1".</summary>
    public static string PValue(double p)
    {
        if (double.IsNaN(p))
        {
            return "p n/a";
        }

        if (p < SmallestPrintedP)
        {
            return "p < 1e-9";
        }

        if (p >= 0.9995)
        {
            return "p = 1";
        }

        return "p = " + (p < 1e-3 ? Scientific(p, 1) : Significant(p, 2));
    }

    /// <summary>Seconds with three significant digits: "0.0423 s", "12.3 s".</summary>
    public static string Seconds(double value) => Significant(value) + " s";

    /// <summary>1.234e-5 → "1.2e−5" (at most <paramref name="decimals"/> mantissa decimals; 3.00e-5 → "3e−5").</summary>
    public static string Scientific(double value, int decimals)
    {
        string text = value.ToString("E" + decimals.ToString(Invariant), Invariant);
        int e = text.IndexOf('E', StringComparison.Ordinal);
        int exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, Invariant);
        string mantissa = text[..e];
        if (mantissa.Contains('.', StringComparison.Ordinal))
        {
            mantissa = mantissa.TrimEnd('0').TrimEnd('.');
        }

        return WithMinus(mantissa + "e" + exponent.ToString(Invariant));
    }

    private static string WithMinus(string text) => text.Replace('-', Minus);
}
