// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using DcacheStress.Service.Hosting;

namespace DcacheStress.Service.Terminal;

/// <summary>
/// Progress for logs (<c>nohup</c>, <c>| tee</c>, a batch scheduler): one timestamped
/// <see cref="ProgressText"/> line every <c>--progress-interval</c>. Without a terminal it goes to
/// stdout (and run.log); on a terminal, where the live line shows it, to run.log only.
/// </summary>
public sealed class ProgressLog : IRunObserver
{
    private readonly RunConsole _console;
    private readonly ProgressText _text;
    private readonly TimeSpan _interval;
    private readonly bool _logOnly;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>A line every <paramref name="interval"/>; <paramref name="logOnly"/>: into run.log only.</summary>
    public ProgressLog(RunConsole console, ProgressText text, TimeSpan interval, bool logOnly)
    {
        _console = console;
        _text = text;
        _interval = interval;
        _logOnly = logOnly;
    }

    /// <summary>The line as printed: <c>2026-07-04T10:15:30Z progress [ ... ] ... ETA ...</c>.</summary>
    public static string Line(DateTimeOffset now, string text) => $"{RunLog.Stamp(now)} progress {text}";

    /// <inheritdoc/>
    public void Tick()
    {
        if (_clock.Elapsed < _interval)
            return;
        _clock.Restart();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string line = Line(now, _text.Next(now));
        if (_logOnly)
            _console.LogOnly(line);
        else
            _console.Line(line);
    }

    /// <inheritdoc/>
    public void Final(RunEnd end)
    {
    }
}
