// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text.Json;
using DcacheStress.Reports.Model;
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Reports.Tables;

/// <summary>Builds the tables both report writers show, so report.md and report.html agree.</summary>
internal static class ReportTableBuilder
{
    public static ReportTable Options(RunReport report)
    {
        RunOptions o = report.Options;
        var rows = new List<IReadOnlyList<string>>();
        Add(rows, "workload", o.Workload);
        Add(rows, "threads", o.Threads?.ToString(CultureInfo.InvariantCulture));
        Add(rows, "duration_seconds", o.DurationSeconds is double d ? NumberFormat.Significant(d, 6) : null);
        Add(rows, "round_seconds", o.RoundSeconds is double r ? NumberFormat.Significant(r, 6) : null);
        Add(rows, "race_windows", o.RaceWindows is bool w ? (w ? "true" : "false") : null);
        Add(rows, "seed", o.Seed?.ToString(CultureInfo.InvariantCulture));
        Add(rows, "patches", o.Patches is null ? null : string.Join(", ", o.Patches));
        Add(rows, "metrics_url", o.MetricsUrl);
        foreach ((string key, JsonElement value) in (o.Other ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Add(rows, key, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
        }

        return new ReportTable("Options", [new("Option"), new("Value")], rows);
    }

    public static ReportTable Patches(ReportAnalysis analysis)
    {
        string level = LevelText(analysis.Level);
        TableColumn[] columns =
        [
            new("Patch"), new("Filesystem"), new("Rounds", true), new("Ops", true), new($"Ops/s (mean ± {level} CI)", true),
            new("Hits", true), new($"Hits / 10⁹ ops [{level} CI]", true), new("Rounds hit", true),
            new("First hit: median (min / IQR / max)", true), new("Seqcount retries / lookup", true),
            new("fsck errors", true),
        ];
        IReadOnlyList<string>[] rows = [.. analysis.Patches.Select(p => (IReadOnlyList<string>)
        [
            p.Name,
            p.Filesystem ?? "—",
            p.Rounds.ToString(CultureInfo.InvariantCulture),
            NumberFormat.Count(p.Ops),
            Throughput(p.Throughput),
            NumberFormat.Count(p.Hits.Hits),
            Rate(p.Hits),
            $"{p.FirstHit.RoundsWithHit.ToString(CultureInfo.InvariantCulture)}/{p.FirstHit.TotalRounds.ToString(CultureInfo.InvariantCulture)}",
            FirstHit(p.FirstHit),
            p.SeqcountRetryRate is double rate ? NumberFormat.Significant(rate) : "—",
            p.FsckErrors.ToString(CultureInfo.InvariantCulture),
        ])];
        const string note = "Ops/s: mean of per-round ops/active second, Student t interval. " +
                            "Hits / 10⁹ ops: exact Poisson (Garwood) interval; 0 hits still gives an upper bound. " +
                            "First hit: seconds into the round, over the rounds that hit (quartiles R-8).";
        return new ReportTable("Patches", columns, rows, note);
    }

    public static ReportTable? HitsByInvariant(RunReport report) =>
        CountsByName("Hits by invariant", "Invariant", report, p => p.InvariantHits);

    public static ReportTable? Observations(RunReport report) =>
        CountsByName("Observations", "Observation", report, p => p.Observations);

    public static ReportTable Verdicts(ReportAnalysis analysis) =>
        new("Verdicts", [new("Verdict")], [.. analysis.Pairs.Select(p => (IReadOnlyList<string>)[p.Verdict])]);

    public static ReportTable? Sweep(RunReport report)
    {
        if (report.Sweep is not { Count: > 0 } sweep)
        {
            return null;
        }

        TableColumn[] columns =
        [
            new("Impl"), new("Threads", true), new("Churn", true), new("Ops/s", true), new("Per thread", true),
            new("Linear", true), new("Efficiency", true), new("Seqcount retry ratio", true),
        ];
        IReadOnlyList<string>[] rows = [.. sweep.Select(r => (IReadOnlyList<string>)
        [
            r.Impl,
            r.Threads.ToString(CultureInfo.InvariantCulture),
            NumberFormat.Significant(r.Churn),
            NumberFormat.Significant(r.OpsPerSecond),
            NumberFormat.Significant(r.PerThread),
            NumberFormat.Significant(r.Linear),
            NumberFormat.Percent(100 * r.Efficiency),
            NumberFormat.Significant(r.SeqcountRetryRatio),
        ])];
        return new ReportTable("Scaling sweep", columns, rows, "Linear: single-thread ops/s × threads; efficiency: ops/s ÷ linear.");
    }

    /// <summary>
    /// One "Race windows" table per patch that ran with windows: every site that delayed, with
    /// its delays, delay time and the hits its delays preceded.
    /// </summary>
    public static IEnumerable<ReportTable> RaceWindows(RunReport report)
    {
        foreach (PatchResult p in report.Patches)
        {
            if (p.RaceWindows is not { } w)
            {
                continue;
            }

            TableColumn[] columns =
            [
                new("Site"), new("P (end)", true), new("Delays", true), new("Delay s", true),
                new("Hits preceded (own)", true), new("Hits preceded (any)", true), new("Crashes preceded", true), new("Hits (any) / 10^6 delays", true),
            ];
            IReadOnlyList<string>[] rows = [.. w.Sites.Where(r => r.Delays > 0 || r.HitsPreceded > 0).Select(r => (IReadOnlyList<string>)
            [
                r.Site,
                r.Probability.ToString("0.###", CultureInfo.InvariantCulture),
                r.Delays.ToString(CultureInfo.InvariantCulture),
                NumberFormat.Significant(r.DelaySeconds),
                r.HitsPrecededOwn.ToString(CultureInfo.InvariantCulture),
                r.HitsPreceded.ToString(CultureInfo.InvariantCulture),
                r.CrashesPreceded.ToString(CultureInfo.InvariantCulture),
                NumberFormat.Significant(r.HitsPerMillionDelays),
            ])];
            string note = string.Create(CultureInfo.InvariantCulture,
                $"Policy {w.Policy}; {w.AttributedHits} hits credited ({w.AttributedCrashes} crashes; after-crash hits are not). A delay precedes a hit when it was taken after the hitting thread's last op_begin: by that thread (own) or by any worker (any).");
            yield return new ReportTable($"Race windows: {p.Name}", columns, rows, note);
        }
    }

    public static ReportTable? Sources(RunReport report)
    {
        if (report.MergedFrom is not { Count: > 0 } sources)
        {
            return null;
        }

        IReadOnlyList<string>[] rows = [.. sources.Select(s => (IReadOnlyList<string>)
        [
            s.File,
            RunHeader.Machine(s.Machine),
            RunHeader.Time(s.StartedUtc),
            RunHeader.Seed(s.Seed),
            s.Threads?.ToString(CultureInfo.InvariantCulture) ?? "—",
        ])];
        return new ReportTable("Merged reports", [new("File"), new("Machine"), new("Started"), new("Seed"), new("Threads", true)], rows);
    }

    public static string LevelText(double level) => (100 * level).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static ReportTable? CountsByName(
        string title, string header, RunReport report, Func<PatchResult, IReadOnlyDictionary<string, long>> counts)
    {
        string[] names = [.. report.Patches.SelectMany(p => counts(p).Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (names.Length == 0)
        {
            return null;
        }

        TableColumn[] columns = [new(header), .. report.Patches.Select(p => new TableColumn(p.Name, true))];
        IReadOnlyList<string>[] rows = [.. names.Select(n => (IReadOnlyList<string>)
            [n, .. report.Patches.Select(p => NumberFormat.Count(counts(p).GetValueOrDefault(n)))])];
        return new ReportTable(title, columns, rows);
    }

    private static string Throughput(MeanEstimate e) =>
        e.HalfWidth is double half
            ? $"{NumberFormat.Significant(e.Mean)} ± {NumberFormat.Significant(half, 2)}"
            : $"{NumberFormat.Significant(e.Mean)} ({e.Unavailable})";

    internal static string Rate(RateEstimate r) =>
        r.Confidence is Interval ci
            ? $"{NumberFormat.Significant(r.PerBillion)} [{NumberFormat.Significant(ci.Lower)}, {NumberFormat.Significant(ci.Upper)}]"
            : "n/a (no ops)";

    internal static string FirstHit(FirstHitSummary f) =>
        f.Median is double median
            ? $"{NumberFormat.Seconds(median)} ({NumberFormat.Significant(f.Min!.Value)} / " +
              $"{NumberFormat.Significant(f.LowerQuartile!.Value)}–{NumberFormat.Significant(f.UpperQuartile!.Value)} / " +
              $"{NumberFormat.Significant(f.Max!.Value)})"
            : "—";

    private static void Add(List<IReadOnlyList<string>> rows, string key, string? value)
    {
        if (value is not null)
        {
            rows.Add([key, value]);
        }
    }
}
