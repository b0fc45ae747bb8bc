// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DcacheStress.Service.Terminal;

/// <summary>
/// run.log in the report directory: every line the run prints, each with a UTC timestamp (a line
/// that starts with one, such as a progress line, is not stamped twice). Lines printed before the
/// report directory exists are kept and written when <see cref="Open"/> is called. Thread-safe;
/// each line is flushed, so the log is complete up to the last line even after a SIGKILL.
/// </summary>
public sealed partial class RunLog : IDisposable
{
    /// <summary>The file name in the report directory.</summary>
    public const string FileName = "run.log";

    private readonly Lock _lock = new();
    private readonly List<string> _early = [];
    private StreamWriter? _file;
    private bool _failed;

    /// <summary>The log's path once open.</summary>
    public string? Path { get; private set; }

    /// <summary>UTC timestamp as it starts a log line: <c>2026-07-04T10:15:30Z</c>.</summary>
    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="line"/> already starts with a <see cref="Stamp"/>.</summary>
    public static bool IsStamped(string line) => StampPrefix().IsMatch(line);

    /// <summary>
    /// Start writing into <paramref name="dir"/>/run.log (appending: a resumed run continues its log).
    /// Null when it is open; otherwise why not (the run goes on without a log).
    /// </summary>
    public string? Open(string dir)
    {
        lock (_lock)
        {
            if (_file is not null)
                return null;
            string path = System.IO.Path.Combine(dir, FileName);
            try
            {
                _file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
                Path = path;
                foreach (string line in _early)
                    _file.WriteLine(line);
                _early.Clear();
                _file.Flush();
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _failed = true;
                _early.Clear();
                return $"{path}: {e.Message}";
            }
        }
    }

    /// <summary>Add one line (without its newline).</summary>
    public void WriteLine(string line)
    {
        string stamped = IsStamped(line) ? line : $"{Stamp(DateTimeOffset.UtcNow)} {line}";
        lock (_lock)
        {
            if (_failed)
                return;
            if (_file is null)
            {
                _early.Add(stamped);
                return;
            }
            try
            {
                _file.WriteLine(stamped);
                _file.Flush();
            }
            catch (IOException)
            {
                _failed = true; // a full disk must not stop the run; the console still has it
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            try
            {
                _file?.Dispose();
            }
            catch (IOException)
            {
                // Flushed line by line: nothing is lost but the last partial write.
            }
            _file = null;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ", RegexOptions.CultureInvariant)]
    private static partial Regex StampPrefix();
}
