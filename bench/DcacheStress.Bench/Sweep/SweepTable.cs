// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text;
using DcacheStress.Bench.Support;
using DcacheStress.Workload;

namespace DcacheStress.Bench.Sweep;

/// <summary>The sweep's rows as CSV and Markdown, with the linear-scaling reference filled in.</summary>
internal sealed class SweepTable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>CSV columns, in order.</summary>
    public static readonly string[] CsvColumns =
    [
        "impl", "threads", "churn", "ops_per_second", "per_thread", "linear", "efficiency", "seqcount_retry_ratio",
        "workload", "patch", "race_windows", "duration_s", "ops", "lookups", "seq_retries", "lookups_per_second",
        "invariant_hits", "cpu_seconds", "ops_per_cpu_second", "cpu_efficiency", "cpu_share", "load_average_1m", "idle_before", "repeat",
        "cpu", "logical_cpus", "smt", "os", "dotnet",
    ];

    /// <summary>The rows in measurement order.</summary>
    public List<SweepRow> Rows { get; } = [];

    /// <summary>Options the rows were measured with.</summary>
    public SweepOptions Options { get; }

    /// <summary>The machine.</summary>
    public MachineInfo Machine { get; }

    /// <summary>An empty table.</summary>
    public SweepTable(SweepOptions options, MachineInfo machine)
    {
        Options = options;
        Machine = machine;
    }

    /// <summary>
    /// Add a row and set its linear reference: the per-thread rate of the row with the fewest
    /// threads for the same impl and churn (1 thread when the sweep includes 1) × its threads.
    /// </summary>
    public void Add(SweepRow row)
    {
        Rows.Add(row);
        foreach (var group in Rows.GroupBy(r => (r.Impl, r.Churn)))
        {
            SweepRow reference = group.MinBy(r => r.Threads)!;
            foreach (var r in group)
            {
                r.Linear = reference.PerThread * r.Threads;
                r.ReferenceOpsPerCpuSecond = reference.OpsPerCpuSecond;
            }
        }
    }

    private static string F(double v, string format) => double.IsNaN(v) ? "" : v.ToString(format, Inv);

    private static string Csv(string s) =>
        s.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    /// <summary>The CSV text (header + one line per row).</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', CsvColumns)).Append('\n');
        foreach (var r in Rows)
        {
            string[] cells =
            [
                SweepImplNames.Name(r.Impl), r.Threads.ToString(Inv), F(r.Churn, "0.###"), F(r.OpsPerSecond, "0"),
                F(r.PerThread, "0"), F(r.Linear, "0"), F(r.Efficiency, "0.000"), F(r.SeqRetryRatio, "0.########"),
                WorkloadNames.Name(Options.Workload), r.Impl == SweepImpl.Rcu ? Options.Patch : "",
                Options.RaceWindows ? "on" : "off", F(r.Seconds, "0.000"), r.Ops.ToString(Inv), r.Lookups.ToString(Inv),
                r.HasSeqRetries ? r.SeqRetries.ToString(Inv) : "", F(r.LookupsPerSecond, "0"), r.InvariantHits.ToString(Inv),
                F(r.CpuSeconds, "0.000"), F(r.OpsPerCpuSecond, "0"), F(r.CpuEfficiency, "0.000"), F(r.CpuShare, "0.000"), F(r.LoadAverage, "0.00"), F(r.IdleBefore, "0.000"), Options.Repeat.ToString(Inv),
                Machine.Cpu, Machine.LogicalCpus.ToString(Inv), Machine.Smt, Machine.Os + " (Linux " + Machine.Kernel + ")", Machine.DotNet,
            ];
            sb.Append(string.Join(',', cells.Select(Csv))).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The Markdown text: what ran, on which machine, and the table.</summary>
    public string ToMarkdown()
    {
        var o = Options;
        var sb = new StringBuilder();
        sb.Append(Inv, $"Sweep: workload `{WorkloadNames.Name(o.Workload)}`");
        if (o.Workload == WorkloadKind.LookupHot)
            sb.Append(Inv, $" (fan-out {o.Fanout}, depth {o.Depth}: {(long)Math.Pow(o.Fanout, o.Depth + 1)} leaf files, {o.Depth + 2}-component paths)");
        sb.Append(Inv, $", rcu patch `{o.Patch}`, race windows {(o.RaceWindows ? "on" : "off")}, {o.EffectiveMounts} mount(s), ");
        sb.Append(Inv, $"RPC latency {o.RpcLatencyNs} ns, {o.Duration.TotalSeconds:0.###} s per row after {o.Warmup.TotalSeconds:0.###} s warm-up, seed {o.Seed}{(o.Pin ? ", pinned" : "")}");
        sb.Append(o.Repeat > 1 ? string.Create(Inv, $", best of {o.Repeat} interleaved rounds per row") : "");
        sb.Append(o.WaitIdle > 0 ? string.Create(Inv, $", each row started once the CPUs were {o.WaitIdle * 100:0}% idle (or after {o.WaitTimeout.TotalMinutes:0.#} min).\n\n") : ".\n\n");
        sb.Append("Machine: ").Append(Machine).Append("\n\n");
        sb.Append("`efficiency` = ops/s ÷ (fewest-thread row's ops/s per thread × threads), wall clock. `CPU efficiency` = ops per process CPU-second ÷ the same row's: ");
        sb.Append("it stays near 1 when threads add no contention even if other processes share the CPUs (then `CPU share` < 1 and `load avg` > cores).\n\n");
        sb.Append("| impl | threads | churn | ops/s | per thread | linear | efficiency | seqcount retries / lookup | lookups/s | ops/CPU-s | CPU efficiency | CPU share | load avg | invariant hits |\n");
        sb.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var r in Rows)
        {
            string retry = r.HasSeqRetries ? Ratio(r.SeqRetryRatio) : "n/a";
            sb.Append(Inv, $"| {SweepImplNames.Name(r.Impl)} | {r.Threads} | {r.Churn:0.###} | {Big(r.OpsPerSecond)} | {Big(r.PerThread)} | ");
            sb.Append(Inv, $"{Big(r.Linear)} | {r.Efficiency:0.000} | {retry} | {Big(r.LookupsPerSecond)} | {Big(r.OpsPerCpuSecond)} | ");
            sb.Append(Inv, $"{r.CpuEfficiency:0.000} | {r.CpuShare:0.00} | {r.LoadAverage:0.00} | {r.InvariantHits} |\n");
        }
        return sb.ToString();
    }

    private static string Big(double v) => double.IsNaN(v) ? "" : v.ToString("#,0", Inv);

    private static string Ratio(double v) => double.IsNaN(v) ? "" : v == 0 ? "0" : string.Create(Inv, $"{v:0.######} ({v * 100:0.####}%)");
}
