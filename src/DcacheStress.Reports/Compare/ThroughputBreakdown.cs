// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Compare;

/// <summary>
/// Throughput per host and CPU model: <c>compare</c> pools rounds across machines, which is fair
/// only when they are alike; this table shows whether they were (ops per active second of each
/// patch, summed over the reports of each machine).
/// </summary>
public static class ThroughputBreakdown
{
    /// <summary>A Markdown section, or nothing when every report came from one host and CPU model.</summary>
    public static void Write(IReadOnlyList<SourcedReport> sources, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(output);
        var rows = sources
            .GroupBy(s => (Host: ReportIdentity.Of(s.Report).Host ?? "(not recorded)", Cpu: s.Report.Machine.CpuModel))
            .OrderBy(g => g.Key.Host, StringComparer.Ordinal).ThenBy(g => g.Key.Cpu, StringComparer.Ordinal)
            .ToList();
        if (rows.Count < 2)
            return;
        string[] patches = [.. sources.SelectMany(s => s.Report.Patches).Select(p => p.Name).Distinct(StringComparer.Ordinal)];
        output.WriteLine();
        output.WriteLine("## Throughput by host");
        output.WriteLine();
        output.WriteLine($"| host | CPU model | reports | {string.Join(" | ", patches.Select(p => p + " ops/s"))} |");
        output.WriteLine($"|---|---|---:|{string.Concat(patches.Select(_ => "---:|"))}");
        foreach (var g in rows)
        {
            var cells = patches.Select(name =>
            {
                PatchResult[] parts = [.. g.SelectMany(s => s.Report.Patches).Where(p => p.Name == name)];
                double active = parts.Sum(p => p.ActiveSeconds);
                return active > 0 ? (parts.Sum(p => p.Ops) / active).ToString("N0", CultureInfo.InvariantCulture) : "-";
            });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {g.Key.Host} | {g.Key.Cpu} | {g.Count()} | {string.Join(" | ", cells)} |"));
        }
    }
}
