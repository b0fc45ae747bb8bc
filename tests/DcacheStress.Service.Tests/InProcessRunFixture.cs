// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using DcacheStress.Service.Hosting;
using DcacheStress.Service.Tests.Support;

namespace DcacheStress.Service.Tests;

/// <summary>
/// One short in-process run shared by the tests that read its outputs: two patches in 1 s rounds
/// for 8 s (long enough that both scrapes land on a loaded machine), metrics on a free loopback port scraped twice while it runs, report and --json.
/// </summary>
public sealed class InProcessRunFixture : IAsyncLifetime
{
    public const ulong Seed = 42;
    public static readonly string[] Patches = ["v4.7-rc6", "v4.7"];

    private readonly TempDirectory _tmp = new();

    public int ExitCode { get; private set; }

    public string Stdout { get; private set; } = "";

    public string Stderr { get; private set; } = "";

    /// <summary>Scrapes taken while the run was going (about 1.5 s and 3.5 s into it).</summary>
    public List<string> Scrapes { get; } = [];

    public string? ScrapeUrl { get; private set; }

    public string ReportDir => _tmp.File("run");

    public string SummaryJson => _tmp.File("summary.json");

    public TimeSpan Wall { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var state = new TaskCompletionSource<RunState>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cli = new TestCli(_tmp.Path, onRun: s => state.TrySetResult(s));
        var sw = Stopwatch.StartNew();
        Task<int> run = cli.RunAsync(
            "stress", "--patch", string.Join(',', Patches), "--duration", "8s", "--round", "2s", "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--threads", "4", "--warmup", "100ms", "--metrics-url", "http://127.0.0.1:0", "--report-dir", ReportDir, "--json", SummaryJson);
        RunState rs = await state.Task.WaitAsync(TimeSpan.FromSeconds(30));
        ScrapeUrl = await rs.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        if (ScrapeUrl is not null)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (int ms in new[] { 1500, 2000 })
            {
                await Task.Delay(ms);
                if (run.IsCompleted)
                    break;
                Scrapes.Add(await http.GetStringAsync(ScrapeUrl));
            }
        }
        ExitCode = await run.WaitAsync(TimeSpan.FromSeconds(60));
        Wall = sw.Elapsed;
        Stdout = cli.Stdout;
        Stderr = cli.Stderr;
    }

    public ValueTask DisposeAsync()
    {
        _tmp.Dispose();
        return ValueTask.CompletedTask;
    }
}
