// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Service.Terminal;

/// <summary>
/// The live progress line (<see cref="ProgressText"/>), rewritten in place with a carriage return.
/// Only used when stdout is a terminal, and never logged (<see cref="ProgressLog"/> logs).
/// </summary>
public sealed class ProgressLine
{
    private readonly TextWriter _out;
    private readonly ProgressText _text;
    private int _lastWidth;

    /// <summary>A line for <paramref name="text"/> on the terminal <paramref name="output"/>.</summary>
    public ProgressLine(TextWriter output, ProgressText text)
    {
        _out = output;
        _text = text;
    }

    /// <summary>Rewrite the line.</summary>
    public void Update()
    {
        string text = _text.Next(DateTimeOffset.UtcNow);
        int pad = Math.Max(0, _lastWidth - text.Length);
        _out.Write("\r" + text + new string(' ', pad));
        _out.Flush();
        _lastWidth = text.Length;
    }

    /// <summary>Erase the line (before any other output).</summary>
    public void Clear()
    {
        if (_lastWidth == 0)
            return;
        _out.Write("\r" + new string(' ', _lastWidth) + "\r");
        _out.Flush();
        _lastWidth = 0;
    }
}
