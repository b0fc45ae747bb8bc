// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports.Tables;

/// <summary>
/// The "Crashes" table of report.md and report.html (issue 13, D13): per patch boots, crashes and
/// their rate per 10^9 ops at risk, ops and seconds to crash, boots with a root-cause hit and
/// their rate, and the hits after a crash that no rate counts. Null for reports without crash
/// figures (written before issue 13).
/// </summary>
internal static class CrashTable
{
    public static ReportTable? Build(ReportAnalysis analysis)
    {
        if (analysis.Patches.All(p => p.Crash is null))
        {
            return null;
        }

        string level = ReportTableBuilder.LevelText(analysis.Level);
        TableColumn[] columns =
        [
            new("Patch"), new("On BUG"), new("Boots", true), new("Crashes", true),
            new($"Crashes / 10⁹ ops at risk [{level} CI]", true), new("Ops per crash", true),
            new("To crash: median ops, s", true), new("First crash in round: median (min / IQR / max)", true),
            new("Root-cause boots", true), new($"Root-cause boots / 10⁹ ops [{level} CI]", true),
            new("Hits after a crash", true),
        ];
        IReadOnlyList<string>[] rows = [.. analysis.Patches.Select(p => Row(p.Name, p.Crash))];
        const string note = "A crash is the first kernel-BUG-class hit of a boot (the kernel would have oopsed there). " +
                            "With on BUG = reboot the patch's dcache, mounts and server boot afresh and the round goes on; " +
                            "ops at risk ran in a boot before its crash, and the hits after a crash in the same boot (until the workers left it) " +
                            "are counted apart and in no rate. Ops per crash: ops at risk / crashes. Root-cause boots: boots with a " +
                            "root-cause hit (d_add.owner, hash.duplicate_name, ...) before any crash, per 10⁹ ops to the first such hit, so a burst counts once.";
        return new ReportTable("Crashes", columns, rows, note);
    }

    private static IReadOnlyList<string> Row(string name, CrashStatistics? c)
    {
        if (c is null)
        {
            return [name, "— (report before crash accounting)", "—", "—", "—", "—", "—", "—", "—", "—", "—"];
        }

        string toCrash = c.MedianOpsToCrash is double ops
            ? $"{NumberFormat.Significant(ops)}, {NumberFormat.Seconds(c.MedianSecondsToCrash ?? 0)}"
            : "—";
        return
        [
            name,
            c.OnBug,
            c.Boots.ToString(CultureInfo.InvariantCulture),
            NumberFormat.Count(c.Crashes.Hits),
            ReportTableBuilder.Rate(c.Crashes),
            c.OpsPerCrash is double per ? NumberFormat.Significant(per) : "—",
            toCrash,
            ReportTableBuilder.FirstHit(c.FirstCrash),
            $"{c.RootCauseBoots.Hits.ToString(CultureInfo.InvariantCulture)}/{c.Boots.ToString(CultureInfo.InvariantCulture)}",
            ReportTableBuilder.Rate(c.RootCauseBoots),
            NumberFormat.Count(c.HitsAfterCrash),
        ];
    }
}
