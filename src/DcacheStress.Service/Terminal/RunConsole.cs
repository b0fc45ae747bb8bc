// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Cli;
using DcacheStress.Service.Hosting;

namespace DcacheStress.Service.Terminal;

/// <summary>
/// What a stress run prints, from any thread: stdout and stderr, each line also into run.log
/// (<see cref="RunLog"/>); lines that first erase the live progress line (when one is shown on a
/// terminal), so that a watchdog or soak line never lands in the middle of it.
/// </summary>
public sealed class RunConsole
{
    private readonly Lock _lock = new();
    private readonly CliContext _cli;
    private readonly RunLog _log;
    private ProgressLine? _progress;

    /// <summary>Lines of the run go to <paramref name="cli"/>'s writers and to <paramref name="log"/>.</summary>
    public RunConsole(CliContext cli, RunLog log)
    {
        _cli = cli;
        _log = log;
        Out = new LoggedWriter(cli.Out, log);
        Err = new LoggedWriter(cli.Err, log);
    }

    /// <summary>Standard output (logged), for whole blocks (banner, summary); call from the service thread only.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error (logged).</summary>
    public TextWriter Err { get; }

    /// <summary>run.log's path once open.</summary>
    public string? LogPath => _log.Path;

    /// <summary>Start run.log in <paramref name="dir"/>; a failure is one warning, not the end of the run.</summary>
    public void OpenLog(string dir)
    {
        if (_log.Open(dir) is { } error)
            Error($"warning: no {RunLog.FileName}: {error}");
    }

    /// <summary>One line into run.log only (progress while the live line shows it).</summary>
    public void LogOnly(string text) => _log.WriteLine(text);

    /// <summary>The terminal the live line is drawn on (stdout).</summary>
    public TextWriter Terminal => _cli.Out;

    /// <summary>True when stdout is a terminal: the live line is shown.</summary>
    public bool IsTerminal => _cli.IsTerminal;

    /// <summary>Show <paramref name="progress"/> as the live line; returns its observer.</summary>
    public IRunObserver AttachProgress(ProgressLine progress)
    {
        _progress = progress;
        return new LiveLine(this);
    }

    /// <summary>One line on stdout.</summary>
    public void Line(string text) => Write(Out, text);

    /// <summary>One line on stderr.</summary>
    public void Error(string text) => Write(Err, text);

    private void Write(TextWriter w, string text)
    {
        lock (_lock)
        {
            _progress?.Clear();
            w.WriteLine(text);
            w.Flush();
        }
    }

    /// <summary>The live line as an observer: redrawn every tick, erased at the end.</summary>
    private sealed class LiveLine(RunConsole console) : IRunObserver
    {
        public void Tick()
        {
            lock (console._lock)
                console._progress?.Update();
        }

        public void Final(RunEnd end)
        {
            lock (console._lock)
                console._progress?.Clear();
        }
    }
}
