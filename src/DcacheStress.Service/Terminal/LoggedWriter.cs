// SPDX-License-Identifier: GPL-2.0-only
using System.Text;

namespace DcacheStress.Service.Terminal;

/// <summary>
/// A console writer that also hands every complete line to the <see cref="RunLog"/> (stdout and
/// stderr of a run each get one). Thread-safe: lines from different threads are not mixed.
/// </summary>
public sealed class LoggedWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly RunLog _log;
    private readonly StringBuilder _line = new();
    private readonly Lock _lock = new();

    /// <summary>Write to <paramref name="inner"/> and log to <paramref name="log"/>.</summary>
    public LoggedWriter(TextWriter inner, RunLog log)
    {
        _inner = inner;
        _log = log;
    }

    /// <inheritdoc/>
    public override Encoding Encoding => _inner.Encoding;

    /// <inheritdoc/>
    public override void Write(char value)
    {
        lock (_lock)
        {
            _inner.Write(value);
            Add(value);
        }
    }

    /// <inheritdoc/>
    public override void Write(string? value)
    {
        if (value is null)
            return;
        lock (_lock)
        {
            _inner.Write(value);
            foreach (char c in value)
                Add(c);
        }
    }

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count)
    {
        lock (_lock)
        {
            _inner.Write(buffer, index, count);
            for (int i = index; i < index + count; i++)
                Add(buffer[i]);
        }
    }

    /// <inheritdoc/>
    public override void WriteLine(string? value)
    {
        lock (_lock)
        {
            _inner.WriteLine(value);
            foreach (char c in value ?? "")
                Add(c);
            Add('\n');
        }
    }

    /// <inheritdoc/>
    public override void Flush()
    {
        lock (_lock)
            _inner.Flush();
    }

    private void Add(char c)
    {
        if (c == '\n')
        {
            _log.WriteLine(_line.ToString().TrimEnd('\r'));
            _line.Clear();
        }
        else
        {
            _line.Append(c);
        }
    }
}
