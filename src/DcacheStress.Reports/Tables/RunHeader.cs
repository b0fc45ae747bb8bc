// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Reports.Model;
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports.Tables;

/// <summary>The run header lines shared by report.md and report.html (label → text).</summary>
internal static class RunHeader
{
    public static IReadOnlyList<KeyValuePair<string, string>> Lines(RunReport report)
    {
        var lines = new List<KeyValuePair<string, string>>
        {
            new("Workload", report.Workload),
            new("Seed", Seed(report.Seed)),
            new("Patches", string.Join(", ", report.Patches.Select(p => p.Name))),
            new("Run", $"{Time(report.StartedUtc)} → {Time(report.EndedUtc)} " +
                       $"({NumberFormat.Seconds((report.EndedUtc - report.StartedUtc).TotalSeconds)})"),
            new("Machine", Machine(report.Machine)),
            new("Harness", report.Version),
        };
        if (report.MergedFrom is { Count: > 0 } sources)
        {
            lines.Insert(0, new("Merged", $"{sources.Count} reports (rounds concatenated, totals summed)"));
        }

        return lines;
    }

    public static string Machine(MachineInfo m) =>
        $"{m.CpuModel}, {m.Cores.ToString(CultureInfo.InvariantCulture)} cores, SMT {(m.Smt ? "on" : "off")}, {m.Os}, .NET {m.Dotnet}";

    public static string Seed(ulong seed) =>
        $"{seed.ToString(CultureInfo.InvariantCulture)} (0x{seed.ToString("x16", CultureInfo.InvariantCulture)})";

    public static string Time(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
