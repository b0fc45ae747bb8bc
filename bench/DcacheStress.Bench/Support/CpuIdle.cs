// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using System.Globalization;

namespace DcacheStress.Bench.Support;

/// <summary>
/// Machine-wide idle share from /proc/stat (idle + iowait over all CPUs), for waiting until a
/// shared machine is quiet before a measurement. Linux only; elsewhere it reports "idle".
/// </summary>
internal static class CpuIdle
{
    private static (ulong Idle, ulong Total)? Sample()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            string? line = reader.ReadLine();
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
                return null;
            ulong idle = 0, total = 0;
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (int i = 1; i < f.Length && i <= 8; i++)
            {
                ulong v = ulong.Parse(f[i], CultureInfo.InvariantCulture);
                total += v;
                if (i is 4 or 5)
                    idle += v; // idle, iowait
            }
            return (idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Idle share (0..1) of all CPUs over <paramref name="window"/>; 1 where /proc/stat is missing.</summary>
    public static double Measure(TimeSpan window)
    {
        var a = Sample();
        Thread.Sleep(window);
        var b = Sample();
        if (a is null || b is null || b.Value.Total <= a.Value.Total)
            return 1.0;
        return (b.Value.Idle - a.Value.Idle) / (double)(b.Value.Total - a.Value.Total);
    }

    /// <summary>
    /// Wait until the machine has been at least <paramref name="minIdle"/> idle over one second, or
    /// <paramref name="timeout"/> has passed. Returns the last idle share measured.
    /// </summary>
    public static double WaitFor(double minIdle, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        double idle;
        do
        {
            idle = Measure(TimeSpan.FromSeconds(1));
        }
        while (idle < minIdle && sw.Elapsed < timeout);
        return idle;
    }
}
