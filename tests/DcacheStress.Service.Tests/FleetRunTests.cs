// SPDX-License-Identifier: GPL-2.0-only
using System.Net;
using System.Text.Json;
using DcacheStress.Service.Fleet;
using DcacheStress.Service.Tests.Support;

namespace DcacheStress.Service.Tests;

/// <summary>Short in-process runs of one fleet task: identity in every output, resume, OTLP's final push.</summary>
[Collection(StressRunCollection.Name)]
public sealed class FleetRunTests
{
    private const ulong BaseSeed = 0x5eed;

    private static Dictionary<string, string> SlurmTask(int index) => new(StringComparer.Ordinal)
    {
        ["SLURM_ARRAY_JOB_ID"] = "4242",
        ["SLURM_ARRAY_TASK_ID"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SLURM_ARRAY_TASK_COUNT"] = "4",
    };

    private static string[] Args(string dir, string duration, params string[] more) =>
        ["stress", "--patch", "v4.7-rc6", "--duration", duration, "--round", "500ms", "--threads", "4", "--warmup", "50ms",
         "--metrics-url", "none", "--report-dir", dir, .. more];

    [Fact]
    public async Task SlurmTask_ReportCheckpointAndCrashRecords_CarryIdentityAndTaskSeed()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path, SlurmTask(3));
        int rc = await cli.RunAsync(Args(tmp.File("t3"), "2s", "--seed", "0x5eed", "--label", "site=lab1"));
        Assert.True(rc == 0, $"exit {rc}\n{cli.Stdout}\n{cli.Stderr}");
        ulong taskSeed = FleetContext.DeriveTaskSeed(BaseSeed, 3);
        Assert.Contains($"fleet 4242 task 3 of 4 (slurm), base seed {BaseSeed}", cli.Stdout, StringComparison.Ordinal);

        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(tmp.File("t3/report.json")));
        JsonElement o = report.RootElement.GetProperty("options");
        Assert.Equal(taskSeed, o.GetProperty("seed").GetUInt64());
        Assert.Equal(taskSeed, report.RootElement.GetProperty("seed").GetUInt64());
        JsonElement fleet = o.GetProperty("fleet");
        Assert.Equal("slurm", fleet.GetProperty("engine").GetString());
        Assert.Equal("4242", fleet.GetProperty("fleet_id").GetString());
        Assert.Equal(3, fleet.GetProperty("task_index").GetInt32());
        Assert.Equal(4, fleet.GetProperty("task_count").GetInt32());
        Assert.Equal(BaseSeed, fleet.GetProperty("base_seed").GetUInt64());
        Assert.Equal(taskSeed, fleet.GetProperty("task_seed").GetUInt64());
        Assert.Equal("lab1", o.GetProperty("labels").GetProperty("site").GetString());
        Assert.Equal(Environment.MachineName, o.GetProperty("host").GetString());
        string runId = o.GetProperty("run_id").GetString()!;
        Assert.True(Guid.TryParse(runId, out _));

        using JsonDocument cp = JsonDocument.Parse(File.ReadAllText(tmp.File("t3/checkpoint.json")));
        Assert.Equal(runId, cp.RootElement.GetProperty("run").GetProperty("run_id").GetString());
        Assert.Equal("24301", cp.RootElement.GetProperty("options").GetProperty("Seed").GetString());

        string[] crashes = Directory.GetFiles(tmp.File("t3"), "crash-*.json");
        Assert.NotEmpty(crashes); // v4.7-rc6 breaks within a second at 4 threads
        using JsonDocument crash = JsonDocument.Parse(File.ReadAllText(crashes[0]));
        JsonElement run = crash.RootElement.GetProperty("run");
        Assert.Equal(runId, run.GetProperty("run_id").GetString());
        Assert.Equal(3, run.GetProperty("fleet").GetProperty("task_index").GetInt32());
    }

    [Fact]
    public async Task SlurmTask_WithoutSeed_RefusedBeforeWriting()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path, SlurmTask(1));
        int rc = await cli.RunAsync(Args(tmp.File("t1"), "1s"));
        Assert.Equal(2, rc);
        Assert.Contains("error: --seed: fleet '4242' task 1 needs an explicit base seed", cli.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tmp.File("t1")));
    }

    [Fact]
    public async Task SlurmTask_Requeued_ResumesWithSameTaskSeedAndNewRunId()
    {
        using var tmp = new TempDirectory();
        var first = new TestCli(tmp.Path, SlurmTask(2));
        Assert.Equal(0, await first.RunAsync(Args(tmp.File("t2"), "1s", "--seed", "0x5eed")));
        string firstRunId = ReadRunId(tmp.File("t2/report.json"));

        var again = new TestCli(tmp.Path, SlurmTask(2));
        int rc = await again.RunAsync("stress", "--resume", tmp.File("t2"), "--duration", "2s");
        Assert.True(rc == 0, $"exit {rc}\n{again.Stdout}\n{again.Stderr}");
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(tmp.File("t2/report.json")));
        JsonElement o = report.RootElement.GetProperty("options");
        Assert.Equal(FleetContext.DeriveTaskSeed(BaseSeed, 2), o.GetProperty("seed").GetUInt64());
        Assert.Equal(2, o.GetProperty("fleet").GetProperty("task_index").GetInt32());
        Assert.NotEqual(firstRunId, o.GetProperty("run_id").GetString());
        Assert.True(o.TryGetProperty("resumed_from", out _));
    }

    /// <summary>
    /// A fleet task on pull: its file_sd target appears once it listens (the real port), the
    /// scrape behind it has dcache_run_info with the identity and target_info with
    /// service_instance_id = fleet/task (not a random UUID), and the file is gone after the run.
    /// </summary>
    [Fact]
    public async Task FleetTask_FileSdTargetAndScrapeCarryTheIdentity()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path, SlurmTask(0));
        Task<int> run = cli.RunAsync("stress", "--patch", "v4.7", "--duration", "4s", "--round", "1s", "--threads", "2", "--warmup", "50ms",
            "--metrics-url", "http://127.0.0.1:0", "--report-dir", tmp.File("t0"), "--file-sd-dir", tmp.File("targets"), "--seed", "5", "--label", "site=lab1");
        string target = tmp.File("targets/4242-0.json");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(target) && !run.IsCompleted && sw.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.True(File.Exists(target), $"no {target}\n{cli.Stderr}");
        using JsonDocument sd = JsonDocument.Parse(File.ReadAllText(target));
        string hostPort = sd.RootElement[0].GetProperty("targets")[0].GetString()!;
        JsonElement labels = sd.RootElement[0].GetProperty("labels");
        Assert.Equal("0", labels.GetProperty("fleet_task").GetString());
        Assert.Equal("4242", labels.GetProperty("fleet_id").GetString());
        Assert.Equal("lab1", labels.GetProperty("site").GetString());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string scrape = await http.GetStringAsync(new Uri($"http://{hostPort}/metrics"), TestContext.Current.CancellationToken);
        string runInfo = scrape.Split('\n').First(l => l.StartsWith("dcache_run_info{", StringComparison.Ordinal));
        Assert.Contains("fleet_id=\"4242\"", runInfo, StringComparison.Ordinal);
        Assert.Contains("fleet_task=\"0\"", runInfo, StringComparison.Ordinal);
        Assert.Contains($"run_id=\"{labels.GetProperty("run_id").GetString()}\"", runInfo, StringComparison.Ordinal);
        Assert.Contains("site=\"lab1\"", runInfo, StringComparison.Ordinal);
        string targetInfo = scrape.Split('\n').First(l => l.StartsWith("target_info{", StringComparison.Ordinal));
        Assert.Contains("service_instance_id=\"4242/0\"", targetInfo, StringComparison.Ordinal);
        Assert.Contains($"host_name=\"{Environment.MachineName}\"", targetInfo, StringComparison.Ordinal);
        int rc = await run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(rc == 0, $"exit {rc}\n{cli.Stderr}");
        Assert.False(File.Exists(target), "the file_sd target outlived the run");
    }

    /// <summary>
    /// The OTLP exporter's last push happens at shutdown: with a 10-minute interval, the only
    /// export a 1 s run can make is the final one, and it must reach the receiver with the ops and
    /// the task's service.instance.id. The receiver is a loopback HttpListener that records POSTs
    /// (no OTLP receiver is installable here).
    /// </summary>
    [Fact]
    public async Task Otlp_ShortRun_FinalExportOnShutdownCarriesOpsAndInstanceId()
    {
        using var tmp = new TempDirectory();
        int port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var bodies = new List<(string Path, byte[] Body)>();
        var receiving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using var ms = new MemoryStream();
                await ctx.Request.InputStream.CopyToAsync(ms, TestContext.Current.CancellationToken);
                lock (bodies)
                    bodies.Add((ctx.Request.Url!.AbsolutePath, ms.ToArray()));
                ctx.Response.StatusCode = 200;
                ctx.Response.Close();
            }
        }, TestContext.Current.CancellationToken);
        Dictionary<string, string> env = SlurmTask(1);
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}";
        env["OTEL_METRIC_EXPORT_INTERVAL"] = "600000";
        var cli = new TestCli(tmp.Path, env);
        int rc = await cli.RunAsync(Args(tmp.File("t1"), "1s", "--seed", "7"));
        Assert.True(rc == 0, $"exit {rc}\n{cli.Stdout}\n{cli.Stderr}");
        listener.Stop();
        await receiving;
        lock (bodies)
        {
            Assert.NotEmpty(bodies);
            Assert.All(bodies, b => Assert.Equal("/v1/metrics", b.Path));
            byte[] all = [.. bodies.SelectMany(b => b.Body)];
            string text = System.Text.Encoding.Latin1.GetString(all);
            Assert.Contains("dcache_ops_total", text, StringComparison.Ordinal);
            Assert.Contains("4242/1", text, StringComparison.Ordinal); // service.instance.id from the identity
            Assert.Contains(ReadRunId(tmp.File("t1/report.json")), text, StringComparison.Ordinal);
        }
    }

    private static string ReadRunId(string reportJson)
    {
        using JsonDocument d = JsonDocument.Parse(File.ReadAllText(reportJson));
        return d.RootElement.GetProperty("options").GetProperty("run_id").GetString()!;
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
