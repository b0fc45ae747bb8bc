// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Cli;
using DcacheStress.Service.Hosting;

namespace DcacheStress.Service.Terminal;

/// <summary>
/// What a stress run prints, from any thread: lines on stdout and stderr that first erase the live
/// progress line (when one is shown on a terminal), so that a watchdog or soak line never lands in
/// the middle of it.
/// </summary>
public sealed class RunConsole
{
    private readonly Lock _lock = new();
    private readonly CliContext _cli;
    private ProgressLine? _progress;

    /// <summary>Lines of the run go to <paramref name="cli"/>'s writers.</summary>
    public RunConsole(CliContext cli) => _cli = cli;

    /// <summary>Standard output, for whole blocks (banner, summary); call from the service thread only.</summary>
    public TextWriter Out => _cli.Out;

    /// <summary>Standard error.</summary>
    public TextWriter Err => _cli.Err;

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
    public void Line(string text) => Write(_cli.Out, text);

    /// <summary>One line on stderr.</summary>
    public void Error(string text) => Write(_cli.Err, text);

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
