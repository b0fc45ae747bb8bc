// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using DcacheStress.Reports;
using DcacheStress.Reports.Json;
using DcacheStress.Service.Hosting;
using DcacheStress.Service.Tests.Support;
using DcacheStress.Workload;

namespace DcacheStress.Service.Tests;

/// <summary>
/// Issue 9 on the real process (<c>dotnet DcacheStress.Service.dll stress ...</c>): SIGKILL then
/// <c>--resume</c> with exact totals, damaged checkpoints, the watchdog with a stuck worker, every
/// bad input, fsck after thousands of hits, soak sampling, and the /metrics exposure.
/// </summary>
[Collection(StressRunCollection.Name)]
public sealed class ReliabilityTests
{
    private sealed record Result(int ExitCode, string Stdout, string Stderr, double Seconds);

    private static async Task<Result> Run(string workingDirectory, TimeSpan limit, params string[] args)
    {
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(ProcessRunner.ServiceStartInfo(workingDirectory, args))!;
        p.StandardInput.Close();
        Task<string> o = p.StandardOutput.ReadToEndAsync();
        Task<string> e = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            Assert.Fail($"'stress {string.Join(' ', args)}' still running after {limit.TotalSeconds} s\n{await o}\n{await e}");
        }
        return new Result(p.ExitCode, await o, await e, sw.Elapsed.TotalSeconds);
    }

    private static string[] Tree(string dir) =>
        [.. Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal)];

    private static JsonElement Other(string reportDir, string key)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(reportDir, ReportFiles.JsonName)));
        return doc.RootElement.GetProperty("options").GetProperty(key).Clone();
    }

    /// <summary>Bad input case: args (in a fresh working dir), what the one error line must contain, optional setup.</summary>
    private sealed record BadCase(string Name, string[] Args, string Expect, Action<string>? Setup = null);

    /// <summary>Run every case in parallel (two at a time); each must exit 2 with one "error:" line and leave its working directory as it was.</summary>
    private static async Task AssertBadInput(IEnumerable<BadCase> cases)
    {
        using var gate = new SemaphoreSlim(2);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(cases.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                using var tmp = new TempDirectory();
                c.Setup?.Invoke(tmp.Path);
                string[] before = Tree(tmp.Path);
                Result r = await Run(tmp.Path, TimeSpan.FromSeconds(60), c.Args.Select(a => a.Replace("{tmp}", tmp.Path, StringComparison.Ordinal)).ToArray());
                string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                string[] after = Tree(tmp.Path);
                if (r.ExitCode != Cli.ExitCodes.BadInput)
                    failures.Add($"{c.Name}: exit {r.ExitCode}, want 2\n{r.Stdout}\n{r.Stderr}");
                else if (lines.Length != 1 || !lines[0].StartsWith("error: ", StringComparison.Ordinal) || !lines[0].Contains(c.Expect, StringComparison.Ordinal))
                    failures.Add($"{c.Name}: want one 'error:' line containing '{c.Expect}', got:\n{r.Stderr}");
                else if (!before.SequenceEqual(after))
                    failures.Add($"{c.Name}: files written: {string.Join(", ", after.Except(before))}");
                else if (r.Stdout.Length > 0)
                    failures.Add($"{c.Name}: printed on stdout: {r.Stdout}");
            }
            finally
            {
                gate.Release();
            }
        }));
        Assert.True(failures.IsEmpty, string.Join("\n\n", failures));
    }

    [Fact]
    public async Task BadInput_EachCase_ExitsTwoWithOneLineAndWritesNothing()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        int port = ((IPEndPoint)busy.LocalEndpoint).Port;
        string[] common = ["--duration", "2s", "--metrics-url", "none"];
        BadCase[] cases =
        [
            new("zero threads", [.. common, "--threads", "0"], "--threads"),
            new("negative threads", [.. common, "--threads", "-3"], "--threads"),
            new("unknown patch", [.. common, "--patch", "v4.7,v9.9"], "unknown patch 'v9.9'"),
            new("unknown workload", [.. common, "--workload", "fio"], "unknown workload 'fio'"),
            new("bad duration", ["--duration", "10parsecs", "--metrics-url", "none"], "--duration"),
            new("zero duration", ["--duration", "0s", "--metrics-url", "none"], "--duration"),
            new("round longer than duration", [.. common, "--round", "5s"], "--round"),
            new("metrics port in use", ["--duration", "2s", "--metrics-url", $"http://127.0.0.1:{port}"], "already in use"),
            new("report dir under a file", [.. common, "--report-dir", "{tmp}/afile/out"], "--report-dir", d => File.WriteAllText(Path.Combine(d, "afile"), "x")),
            new("report dir not writable", [.. common, "--report-dir", "/proc/dcachestress-test/out"], "--report-dir"),
            new("malformed appsettings.json", common, "appsettings.json: malformed", d => File.WriteAllText(Path.Combine(d, "appsettings.json"), "{ \"Stress\": { \"Duration\": \"2s\", }} }")),
            new("resume: not a run", ["--resume", "{tmp}/plain"], "is not a stress run", d => Directory.CreateDirectory(Path.Combine(d, "plain"))),
            new("resume: no such dir", ["--resume", "{tmp}/nowhere"], "does not exist"),
            new("resume: a file", ["--resume", "{tmp}/afile"], "is a file", d => File.WriteAllText(Path.Combine(d, "afile"), "x")),
            new("bad watchdog", [.. common, "--watchdog", "soon"], "--watchdog"),
            new("stall worker out of range", [.. common, "--threads", "4", "--debug-stall-worker", "4"], "--debug-stall-worker"),
            new("checkpoint interval over 10s", [.. common, "--checkpoint-interval", "30s"], "--checkpoint-interval"),
            new("bad soak interval", [.. common, "--soak", "--soak-interval", "0"], "--soak-interval"),
        ];
        await AssertBadInput(cases);
    }

    /// <summary>A valid checkpoint (as the service writes it) for a v4.7 run of 4 threads, seed 7.</summary>
    private static RunCheckpoint ValidCheckpoint() => new()
    {
        WrittenUtc = DateTimeOffset.UtcNow,
        Seed = 7,
        Options = new Dictionary<string, string>
        {
            ["Patch"] = "v4.7", ["Workload"] = "open-storm", ["Threads"] = "4", ["Duration"] = "3s", ["Round"] = "1s",
            ["Seed"] = "7", ["MetricsUrl"] = "none",
        },
        Engine = new EngineCheckpoint
        {
            Seed = 7, Workload = "open-storm", Threads = 4, Patches = ["v4.7"], ElapsedSeconds = 1.0, NextSlot = 1,
            Targets = [new TargetCheckpoint { Patch = "v4.7", Ops = new() { ["open/ok"] = 10 }, ActiveSeconds = 1.0 }],
        },
    };

    [Fact]
    public async Task DamagedCheckpoint_EachKind_ExitsTwoNamingTheFile()
    {
        // Positive control: the valid one loads.
        using (var ok = new TempDirectory())
        {
            RunCheckpoint.Save(ValidCheckpoint(), ok.Path);
            Assert.NotNull(RunCheckpoint.TryLoad(ok.Path, out string? err));
            Assert.Null(err);
        }

        string valid = JsonSerializer.Serialize(ValidCheckpoint(), RunCheckpoint.JsonOptions);
        string Edit(Action<JsonObject> change)
        {
            JsonObject o = JsonNode.Parse(valid)!.AsObject();
            change(o);
            return o.ToJsonString();
        }
        Action<string> Write(string text) => d =>
        {
            Directory.CreateDirectory(Path.Combine(d, "run"));
            File.WriteAllText(Path.Combine(d, "run", RunCheckpoint.FileName), text);
        };
        string[] args = ["--resume", "{tmp}/run", "--metrics-url", "none"];
        BadCase[] cases =
        [
            new("bad JSON", args, "checkpoint.json: damaged checkpoint: not valid JSON", Write("{\"format\": \"dcachestress-checkpoint\", \"version\": 1, ")),
            new("truncated", args, "checkpoint.json: damaged checkpoint", Write(valid[..(valid.Length / 2)])),
            new("wrong version", args, "version 99 is not supported", Write(Edit(o => o["version"] = 99))),
            new("missing field", args, "missing field \"engine\"", Write(Edit(o => o.Remove("engine")))),
            new("missing target field", args, "missing field \"engine.targets[0].ops\"", Write(Edit(o => o["engine"]!["targets"]![0]!.AsObject().Remove("ops")))),
            new("unknown patch", args, "unknown patch 'v9.9'", Write(Edit(o =>
            {
                o["engine"]!["patches"] = new JsonArray("v9.9");
                o["engine"]!["targets"]![0]!["patch"] = "v9.9";
                o["options"]!["Patch"] = "v9.9";
            }))),
            new("unknown invariant", args, "unknown invariant 'no.such'", Write(Edit(o => o["engine"]!["targets"]![0]!["hits"] = new JsonObject { ["no.such"] = 3 }))),
            new("not ours", args, "\"format\" is not", Write("{\"format\": \"something-else\"}")),
            new("resume with another option", [.. args, "--threads", "3"], "--threads: cannot be given with --resume", Write(valid)),
        ];
        await AssertBadInput(cases);
    }

    [Fact]
    public async Task Sigkill_ThenResume_TotalsAreCheckpointPlusResumedWorkExactly()
    {
        using var tmp = new TempDirectory();
        string dir = tmp.File("run");
        string checkpoint = Path.Combine(dir, RunCheckpoint.FileName);
        using (var p = Process.Start(ProcessRunner.ServiceStartInfo(tmp.Path, ["stress", "--duration", "8s", "--round", "1s", "--patch", "v4.7-rc6,v4.7",
            "--checkpoint-interval", "500ms", "--metrics-url", "none", "--report-dir", dir, "--seed", "12345"]))!)
        {
            p.StandardInput.Close();
            _ = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            _ = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            // At least one checkpoint with work in it, then a random moment.
            var wait = Stopwatch.StartNew();
            while (wait.Elapsed < TimeSpan.FromSeconds(60))
            {
                RunCheckpoint? c = File.Exists(checkpoint) ? RunCheckpoint.TryLoad(dir, out _) : null;
                if (c is not null && c.Engine.Targets.Sum(RunCheckpoint.Ops) > 0)
                    break;
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
            await Task.Delay(Random.Shared.Next(0, 2500), TestContext.Current.CancellationToken);
            p.Kill(); // SIGKILL
            await p.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        Assert.False(File.Exists(Path.Combine(dir, ReportFiles.JsonName)), "killed run wrote a report");
        RunCheckpoint before = RunCheckpoint.TryLoad(dir, out string? error) ?? throw new InvalidOperationException(error);
        Assert.False(before.Complete);

        Result r = await Run(tmp.Path, TimeSpan.FromSeconds(90), "stress", "--resume", dir, "--metrics-url", "none");
        Assert.True(r.ExitCode == 0, $"resume exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        var report = ReportJson.Load(Path.Combine(dir, ReportFiles.JsonName));
        Assert.Equal(12345UL, report.Seed);
        JsonElement from = Other(dir, "resumed_from");
        Assert.Equal(before.Engine.ElapsedSeconds, from.GetProperty("elapsed_seconds").GetDouble());
        foreach (TargetCheckpoint t in before.Engine.Targets)
        {
            var final = report.Patches.Single(x => x.Name == t.Patch);
            JsonElement start = from.GetProperty("patches").EnumerateArray().Single(x => x.GetProperty("name").GetString() == t.Patch);
            // The resumed run started from exactly what was on disk...
            Assert.Equal(RunCheckpoint.Ops(t), start.GetProperty("ops").GetInt64());
            Assert.Equal(RunCheckpoint.Hits(t), start.GetProperty("invariant_hits").GetInt64());
            // ...its rounds before the kill are the checkpoint's...
            Assert.Equal(t.Rounds.Select(x => x.Ops), final.Rounds.Take(t.Rounds.Count).Select(x => x.Ops));
            // ...and final = checkpoint + the resumed run's own rounds (counted apart, per round).
            var own = final.Rounds.Skip(t.Rounds.Count).ToList();
            Assert.NotEmpty(own);
            Assert.Equal(RunCheckpoint.Ops(t) + own.Sum(x => x.Ops), final.Ops);
            Assert.Equal(RunCheckpoint.Hits(t) + own.Sum(x => x.Hits), final.InvariantHits.Values.Sum());
            foreach ((string inv, long n) in t.Hits)
                Assert.True(final.InvariantHits.GetValueOrDefault(inv) >= n, inv);
            Assert.True(final.ActiveSeconds >= t.ActiveSeconds);
            Assert.Equal(0, final.FsckErrors);
        }
        RunCheckpoint after = RunCheckpoint.TryLoad(dir, out error) ?? throw new InvalidOperationException(error);
        Assert.True(after.Complete);

        // A finished run cannot be resumed without a longer duration.
        Result again = await Run(tmp.Path, TimeSpan.FromSeconds(60), "stress", "--resume", dir, "--metrics-url", "none");
        Assert.Equal(Cli.ExitCodes.BadInput, again.ExitCode);
        Assert.Contains("the run is complete", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watchdog_StuckWorker_ReportedWithWchan_RunEndsOnTime_CouldNotStop()
    {
        using var tmp = new TempDirectory();
        string dir = tmp.File("run");
        Result r = await Run(tmp.Path, TimeSpan.FromSeconds(60), "stress", "--duration", "6s", "--round", "2s", "--patch", "v4.7",
            "--debug-stall-worker", "1", "--watchdog", "1s", "--metrics-url", "none", "--report-dir", dir);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        // Duration 6 s; the stuck round's switch gives up after the stop timeout (3 s): never later
        // than duration + stop timeout, plus process start and warm-up.
        Assert.True(r.Seconds < 6 + 3 + 5, $"took {r.Seconds:0.0} s");
        Assert.Matches(@"watchdog: w1 \(v4\.7\) made no progress for [0-9.]+s, waiting at [a-z_:]+;", r.Stderr);
        Assert.Contains("could not stop ", r.Stderr, StringComparison.Ordinal);
        using (JsonDocument stall = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "stall-w1.json"))))
        {
            JsonElement s = stall.RootElement;
            Assert.Equal(1, s.GetProperty("worker").GetInt32());
            Assert.Equal("v4.7", s.GetProperty("patch").GetString());
            Assert.False(string.IsNullOrEmpty(s.GetProperty("wchan").GetString()));
            Assert.True(s.GetProperty("stuck_seconds").GetDouble() >= 1);
            Assert.True(s.GetProperty("last_events").GetArrayLength() > 0);
        }
        Assert.True(File.Exists(Path.Combine(dir, ReportFiles.JsonName)));
        Assert.True(Other(dir, "unstoppable_threads").GetInt32() >= 1);
        Assert.Contains(Other(dir, "watchdog").EnumerateArray(), w => w.GetProperty("thread").GetString() == "w1");
        Assert.Equal("stuck-workers", Other(dir, "end_reason").GetString());
    }

    [Fact]
    public async Task InvariantHits_Thousands_FsckFindsNoStructuralError()
    {
        using var tmp = new TempDirectory();
        string dir = tmp.File("run");
        Result r = await Run(tmp.Path, TimeSpan.FromSeconds(90), "stress", "--duration", "8s", "--patch", "v4.7-rc6",
            "--threads", "8", "--names", "2", "--metrics-url", "none", "--report-dir", dir, "--seed", "9");
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        var report = ReportJson.Load(Path.Combine(dir, ReportFiles.JsonName));
        var p = Assert.Single(report.Patches);
        long hits = p.InvariantHits.Values.Sum();
        Assert.True(hits >= 1000, $"only {hits} hits"); // about 2,600 per 4 s on 2 free cores
        Assert.Equal(0, p.FsckErrors);
        Assert.Contains("clean", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Soak_ShortIntervals_SamplesAndVerdictInReport_MetricsLoopbackOnlyAndReadOnly()
    {
        using var tmp = new TempDirectory();
        string dir = tmp.File("run");
        using var p = Process.Start(ProcessRunner.ServiceStartInfo(tmp.Path, ["stress", "--duration", "5s", "--patch", "v4.7", "--soak", "--soak-interval", "1s",
            "--metrics-url", "http://127.0.0.1:0", "--report-dir", dir]))!;
        p.StandardInput.Close();
        Task<string> stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stdout = new System.Text.StringBuilder();
        string? url = null;
        while (await p.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            stdout.AppendLine(line);
            if (line.StartsWith("  metrics ", StringComparison.Ordinal))
            {
                url = line["  metrics ".Length..].Trim();
                break;
            }
        }
        Assert.NotNull(url);
        var uri = new Uri(url);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(uri.Host)), url);
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            // Nothing but GET /metrics: no path stops, pauses or reconfigures the run.
            foreach (string path in new[] { "/", "/stop", "/quit", "/shutdown", "/control", "/api/stop" })
            {
                using HttpResponseMessage get = await http.GetAsync(new Uri(uri, path), TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
                using HttpResponseMessage post = await http.PostAsync(new Uri(uri, path), new StringContent(""), TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
            }
            // The exporter answers any method on /metrics with the exposition: read-only, it changes nothing.
            using HttpResponseMessage postMetrics = await http.PostAsync(uri, new StringContent("stop"), TestContext.Current.CancellationToken);
            Assert.True(!postMetrics.IsSuccessStatusCode || (await postMetrics.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Contains("# TYPE ", StringComparison.Ordinal));
            using HttpResponseMessage metrics = await http.GetAsync(uri, TestContext.Current.CancellationToken);
            Assert.True(metrics.IsSuccessStatusCode);
        }
        // Not reachable on another address of this machine.
        IPAddress? other = Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        if (other is not null)
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Assert.ThrowsAny<SocketException>(() => s.Connect(new IPEndPoint(other, uri.Port)));
        }
        stdout.Append(await p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken));
        await p.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}\n{stdout}\n{await stderr}");

        Assert.Contains("Run ended (duration)", stdout.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"soak [0-9.]+s: RSS ", stdout.ToString());
        Assert.Matches(@"soak: (PASS|FAIL \(drift\)|NO VERDICT)", stdout.ToString());
        var report = ReportJson.Load(Path.Combine(dir, ReportFiles.JsonName));
        Assert.NotNull(report.Soak);
        JsonElement soak = report.Soak.Value;
        Assert.Equal(1.0, soak.GetProperty("interval_seconds").GetDouble());
        var samples = soak.GetProperty("samples").EnumerateArray().ToList();
        Assert.True(samples.Count >= 4, $"{samples.Count} samples");
        foreach (JsonElement s in samples)
        {
            Assert.True(s.GetProperty("rss_bytes").GetInt64() > 10_000_000);
            Assert.True(s.GetProperty("threads").GetInt32() >= 4);
            Assert.True(s.GetProperty("gen2_collections").GetInt32() >= 0);
            Assert.True(s.GetProperty("gc_heap_bytes").GetInt64() >= 0);
        }
        Assert.True(samples[0].GetProperty("ops_per_second").GetDouble() > 0);
        JsonElement verdict = soak.GetProperty("verdict");
        Assert.Equal(1.3, verdict.GetProperty("rss_limit").GetDouble());
        Assert.Equal(0.1, verdict.GetProperty("ops_tolerance").GetDouble());
        Assert.Equal(JsonValueKind.Array, verdict.GetProperty("throughput").ValueKind);
        Assert.Contains("## Soak", File.ReadAllText(Path.Combine(dir, ReportFiles.MarkdownName)), StringComparison.Ordinal);
    }
}
