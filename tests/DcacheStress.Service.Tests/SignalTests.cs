// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using DcacheStress.Reports;
using DcacheStress.Reports.Json;
using DcacheStress.Service.Tests.Support;

namespace DcacheStress.Service.Tests;

/// <summary>
/// SIGTERM and Ctrl-C on the real process (<c>dotnet DcacheStress.Service.dll stress ...</c>, what
/// <c>./run.sh stress</c> execs): drained, fsck, reports written, exit 0 within 5 s; a second
/// signal exits at once saying what was not written.
/// </summary>
[Collection(StressRunCollection.Name)]
public sealed class SignalTests
{
    private sealed class ServiceProcess : IDisposable
    {
        private readonly Process _p;
        private readonly TaskCompletionSource _banner = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Text.StringBuilder _out = new();
        private readonly System.Text.StringBuilder _err = new();

        public ServiceProcess(string workingDirectory, params string[] args)
        {
            _p = new Process { StartInfo = ProcessRunner.ServiceStartInfo(workingDirectory, args) };
            _p.OutputDataReceived += (_, e) =>
            {
                lock (_out)
                    _out.AppendLine(e.Data);
                if (e.Data?.StartsWith("  report dir", StringComparison.Ordinal) == true)
                    _banner.TrySetResult();
            };
            _p.ErrorDataReceived += (_, e) =>
            {
                lock (_err)
                    _err.AppendLine(e.Data);
            };
            _p.Start();
            _p.StandardInput.Close();
            _p.BeginOutputReadLine();
            _p.BeginErrorReadLine();
        }

        public string Stdout
        {
            get
            {
                lock (_out)
                    return _out.ToString();
            }
        }

        public string Stderr
        {
            get
            {
                lock (_err)
                    return _err.ToString();
            }
        }

        public Task Started => _banner.Task;

        public void Signal(string name)
        {
            using var kill = Process.Start("kill", ["-" + name, _p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            kill.WaitForExit();
        }

        /// <summary>Seconds until exit, or null if it did not exit within <paramref name="limit"/>.</summary>
        public async Task<double?> WaitExit(TimeSpan limit)
        {
            var sw = Stopwatch.StartNew();
            using var cts = new CancellationTokenSource(limit);
            try
            {
                await _p.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            return sw.Elapsed.TotalSeconds;
        }

        public int ExitCode => _p.ExitCode;

        public bool HasExited => _p.HasExited;

        /// <summary>Waits until stderr contains <paramref name="text"/>; fails the test after <paramref name="limit"/>.</summary>
        public async Task StderrContains(string text, TimeSpan limit)
        {
            var sw = Stopwatch.StartNew();
            while (!Stderr.Contains(text, StringComparison.Ordinal))
            {
                Assert.True(sw.Elapsed < limit, $"no \"{text}\" on stderr within {limit.TotalSeconds:0} s\n{Stderr}");
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }

        public void Dispose()
        {
            if (!_p.HasExited)
            {
                _p.Kill(entireProcessTree: true);
                _p.WaitForExit();
            }
            _p.Dispose();
        }
    }

    [Fact]
    public async Task Sigterm_DuringRun_ExitsZeroWithinFiveSecondsWithReports()
    {
        using var tmp = new TempDirectory();
        string dir = tmp.File("report");
        using var p = new ServiceProcess(tmp.Path, "stress", "--duration", "60s", "--patch", "v4.7-rc6,v4.7", "--round", "1s",
            "--metrics-url", "http://127.0.0.1:0", "--report-dir", dir, "--json", "summary.json");
        await p.Started.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        p.Signal("TERM");
        double? seconds = await p.WaitExit(TimeSpan.FromSeconds(15));
        Assert.True(seconds is not null, $"still running 15 s after SIGTERM\n{p.Stdout}\n{p.Stderr}");
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}\n{p.Stdout}\n{p.Stderr}");
        Assert.True(seconds < 5, $"took {seconds:0.00} s after SIGTERM");
        Assert.Contains("SIGTERM: stopping", p.Stderr, StringComparison.Ordinal);
        Assert.Contains("Run ended (signal)", p.Stdout, StringComparison.Ordinal);
        foreach (string f in new[] { ReportFiles.JsonName, ReportFiles.MarkdownName, ReportFiles.HtmlName })
            Assert.True(File.Exists(Path.Combine(dir, f)), $"{f} missing");
        var report = ReportJson.Load(Path.Combine(dir, ReportFiles.JsonName));
        Assert.All(report.Patches, x => Assert.Equal(0, x.FsckErrors));
        Assert.True(report.Patches.Sum(x => x.Ops) > 0);
        Assert.True(File.Exists(tmp.File("summary.json")));
    }

    [Fact]
    public async Task SecondSigint_DuringStop_ExitsAtOnceNamingWhatWasNotWritten()
    {
        using var tmp = new TempDirectory();
        string dir = tmp.File("report");
        // The stop must still be writing when the second SIGINT arrives. A graceful stop takes a
        // few milliseconds, so sending the two signals back to back raced with it (CI saw exit 0:
        // everything written before the second signal). A FIFO where report.json's temporary file
        // goes holds the stop in open(2) until a reader comes, which none does: a report directory
        // on a hung filesystem, deterministically.
        Directory.CreateDirectory(dir);
        MakeFifo(Path.Combine(dir, ReportFiles.JsonName + ".tmp"));
        using var p = new ServiceProcess(tmp.Path, "stress", "--duration", "60s", "--patch", "v4.7", "--metrics-url", "none",
            "--checkpoint-interval", "100ms", "--report-dir", dir);
        await p.Started.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        // The loop must be running (a first checkpoint is on disk), else on a loaded machine both
        // signals could land before the stop reaches the report (under load both came before the loop began, and the stop never reached the FIFO).
        Assert.True(await WaitForFile(Path.Combine(dir, "checkpoint.json"), TimeSpan.FromSeconds(60)), "no checkpoint.json: the run loop never started");
        p.Signal("INT");
        await p.StderrContains("SIGINT: stopping", TimeSpan.FromSeconds(10));
        Assert.False(p.HasExited, $"exited after the first SIGINT although report.json could not be written\n{p.Stdout}\n{p.Stderr}");
        p.Signal("INT");
        double? seconds = await p.WaitExit(TimeSpan.FromSeconds(10));
        Assert.True(seconds is not null, $"still running after two SIGINTs\n{p.Stderr}");
        Assert.True(seconds < 2, $"took {seconds:0.00} s after the second SIGINT");
        Assert.Equal(Cli.ExitCodes.Interrupted, p.ExitCode);
        Assert.Contains("SIGINT again: exiting now. Not written: ", p.Stderr, StringComparison.Ordinal);
        Assert.Contains(ReportFiles.JsonName, p.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, ReportFiles.JsonName)));
    }

    private static async Task<bool> WaitForFile(string path, TimeSpan timeout)
    {
        DateTime until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (File.Exists(path))
                return true;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        return File.Exists(path);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
