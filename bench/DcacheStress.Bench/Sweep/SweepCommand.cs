// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Bench.Support;

namespace DcacheStress.Bench.Sweep;

/// <summary>The <c>sweep</c> verb: parse, run every row, print and write the table.</summary>
internal static class SweepCommand
{
    /// <summary>0 ok, 1 a row failed or a file could not be written, 2 bad options.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        SweepOptions? o = SweepOptions.Parse(args, out string? error);
        if (o is null)
        {
            stderr.WriteLine($"error: {error}");
            return 2;
        }
        if (o.Help)
        {
            stdout.WriteLine(SweepOptions.Usage);
            return 0;
        }
        var machine = MachineInfo.Current();
        var table = new SweepTable(o, machine);
        stderr.WriteLine($"sweep: {machine}");
        // Rows ordered impl → churn → threads, so each group's reference row comes first. With
        // --repeat the whole list is measured round after round and each row keeps its best round.
        var threads = o.Threads.OrderBy(t => t).ToArray();
        var plan = new List<(SweepImpl Impl, double Churn, int Threads)>();
        foreach (SweepImpl impl in o.Impls)
        {
            foreach (double churn in o.Churn)
            {
                foreach (int n in threads)
                    plan.Add((impl, churn, n));
            }
        }
        var best = new SweepRow?[plan.Count];
        for (int round = 0; round < o.Repeat; round++)
        {
            for (int i = 0; i < plan.Count; i++)
            {
                var (impl, churn, n) = plan[i];
                SweepRow row;
                try
                {
                    row = SweepRunner.Run(impl, o, churn, n);
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException)
                {
                    stderr.WriteLine($"sweep: {SweepImplNames.Name(impl)} threads={n} churn={churn.ToString(CultureInfo.InvariantCulture)}: {e.Message}");
                    return 1;
                }
                if (best[i] is null || row.OpsPerSecond > best[i]!.OpsPerSecond)
                    best[i] = row;
                string retries = row.HasSeqRetries
                    ? string.Create(CultureInfo.InvariantCulture, $"  retries/lookup {row.SeqRetryRatio:0.########}")
                    : "";
                string rep = o.Repeat > 1 ? string.Create(CultureInfo.InvariantCulture, $" round {round + 1}/{o.Repeat}") : "";
                string idle = double.IsNaN(row.IdleBefore) ? "" : string.Create(CultureInfo.InvariantCulture, $"  idle before {row.IdleBefore:0.00}");
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"sweep:{rep} {SweepImplNames.Name(impl),-11} threads={n,-3} churn={churn:0.###} {row.OpsPerSecond,14:#,0} ops/s  CPU share {row.CpuShare:0.00}  load {row.LoadAverage:0.00}{idle}{retries}"));
            }
        }
        foreach (var row in best)
            table.Add(row!);
        string md = table.ToMarkdown();
        stdout.Write(md);
        try
        {
            if (o.Csv is not null)
                File.WriteAllText(o.Csv, table.ToCsv());
            if (o.Md is not null)
                File.WriteAllText(o.Md, md);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"sweep: cannot write output: {e.Message}");
            return 1;
        }
        return 0;
    }
}
