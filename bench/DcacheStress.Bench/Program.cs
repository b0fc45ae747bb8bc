// SPDX-License-Identifier: GPL-2.0-only
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using DcacheStress.Bench.Sweep;

namespace DcacheStress.Bench;

/// <summary>
/// Entry point. <c>sweep ...</c> runs the will-it-scale style scaling sweep, <c>hooks ...</c>
/// counts race-window hooks per op; anything else goes to BenchmarkDotNet's switcher.
/// </summary>
public static class Program
{
    /// <summary>Exit code: 0 ok, 1 a benchmark failed or nothing ran, 2 usage error.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "sweep")
            return SweepCommand.Run(args[1..], Console.Out, Console.Error);
        if (args.Length > 0 && args[0] == "hooks")
            return HooksCommand.Run(args[1..], Console.Out, Console.Error);
        if (args.Length > 0 && args[0] == "check")
            return CheckCommand.Run(args[1..], Console.Out, Console.Error);
        if (args.Length == 0 || !args[0].StartsWith('-'))
        {
            // No arguments would make BenchmarkDotNet prompt on stdin and wait forever (toolchain.md);
            // a word that is not a verb above is a typo, not a BenchmarkDotNet option.
            if (args.Length > 0)
                Console.Error.WriteLine($"DcacheStress.Bench: unknown verb '{args[0]}'");
            Console.Error.WriteLine("usage: DcacheStress.Bench --filter PATTERN [BenchmarkDotNet options]   (see bench/run-bench.sh)");
            Console.Error.WriteLine("       DcacheStress.Bench sweep --help");
            Console.Error.WriteLine("       DcacheStress.Bench hooks --help");
            return 2;
        }

        IConfig config = DefaultConfig.Instance
            // JSON (full: every measurement) next to the default exporters (CSV, GitHub Markdown,
            // HTML); run-bench.sh checks that the files exist and hold no NA.
            .AddExporter(JsonExporter.Full)
            // Ratios to the class's baseline as plain numbers (0.25, not "4.00x faster"): the
            // targets in docs/performance.md are written that way.
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            // Min, median and P95 next to the mean: a lookup's distribution has a long tail, and on
            // a shared machine the minimum is the least disturbed figure.
            .AddColumn(StatisticColumn.Min, StatisticColumn.Median, StatisticColumn.P95);

        Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToArray();
        if (summaries.Length == 0)
        {
            Console.Error.WriteLine("DcacheStress.Bench: no benchmark ran (does --filter match anything?)");
            return 1;
        }
        int failed = 0;
        foreach (var s in summaries)
        {
            if (s.HasCriticalValidationErrors)
                failed++;
            foreach (var r in s.Reports)
            {
                if (!r.Success || r.ResultStatistics is null)
                    failed++;
            }
        }
        if (failed > 0)
        {
            Console.Error.WriteLine($"DcacheStress.Bench: {failed} benchmark(s) failed or produced no result (NA)");
            return 1;
        }
        return 0;
    }
}
