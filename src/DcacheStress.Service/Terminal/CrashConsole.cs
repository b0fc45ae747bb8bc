// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Reports.Statistics;
using DcacheStress.Service.Reporting;
using DcacheStress.Workload;

namespace DcacheStress.Service.Terminal;

/// <summary>
/// The end-of-run crash table (issue 13, D13): per patch boots, crashes, crashes per 10^9 ops at
/// risk with the Poisson 95% interval, ops per crash, median ops and seconds to crash, boots with
/// a root-cause hit, and the hits after a crash that no rate counts.
/// </summary>
public static class CrashConsole
{
    /// <summary>Write the table for <paramref name="patches"/>.</summary>
    public static void Write(TextWriter w, IReadOnlyList<PatchFigures> patches, OnBug onBug)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteLine(onBug == OnBug.Reboot
            ? "crashes (first kernel-BUG-class hit of a boot; --on-bug reboot: the patch boots afresh; rates per 10^9 ops at risk):"
            : "crashes (first kernel-BUG-class hit; --on-bug continue: the crashed instance went on, later hits are in the totals above):");
        int nameWidth = Math.Max(5, patches.Max(p => p.Name.Length));
        string header = string.Create(c,
            $"{"patch".PadRight(nameWidth)}  {"boots",6}  {"crashes",7}  {"crashes/1e9 ops [95%]",26}  {"ops/crash",10}  {"median to crash",18}  {"root-cause boots",16}  after-crash hits");
        w.WriteLine(header);
        foreach (PatchFigures p in patches)
        {
            CrashTotals t = p.Crash;
            RateEstimate rate = PoissonInterval.PerBillionOps(t.Crashes, t.OpsAtRisk);
            string rateText = rate.Confidence is Interval ci
                ? $"{NumberFormat.Significant(rate.PerBillion)} [{NumberFormat.Significant(ci.Lower)}, {NumberFormat.Significant(ci.Upper)}]"
                : "-";
            string perCrash = t.Crashes > 0 ? Numbers.Si((double)t.OpsAtRisk / t.Crashes) : "-";
            string median = t.OpsToCrash.Count > 0
                ? $"{Numbers.Si(Median(t.OpsToCrash.Select(x => (double)x)))} ops, {Numbers.Seconds(Median(t.SecondsToCrash))}"
                : "-";
            long after = t.AfterCrashHits.Values.Sum();
            w.WriteLine(string.Create(c,
                $"{p.Name.PadRight(nameWidth)}  {t.Boots,6}  {t.Crashes,7}  {rateText,26}  {perCrash,10}  {median,18}  {$"{t.BootsWithRootCause}/{t.Boots}",16}  {(after == 0 ? "0" : $"{Numbers.Grouped(after)} ({string.Join(", ", t.AfterCrashHits.Select(kv => $"{kv.Key} {kv.Value}"))})")}"));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] v = [.. values.Order()];
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }
}
