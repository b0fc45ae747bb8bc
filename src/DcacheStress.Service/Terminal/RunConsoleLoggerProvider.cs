// SPDX-License-Identifier: GPL-2.0-only
using Microsoft.Extensions.Logging;

namespace DcacheStress.Service.Terminal;

/// <summary>
/// The host's log (Generic Host, Kestrel, OpenTelemetry) as single lines on the run's stderr, so
/// that they land in run.log too: <c>2026-07-04T10:15:30Z warn: Category[id] message</c>. Which
/// levels pass is the logger factory's business (<c>Logging</c> section, default Warning).
/// </summary>
public sealed class RunConsoleLoggerProvider(RunConsole console) : ILoggerProvider
{
    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(console, categoryName);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    /// <summary>The short level name of the .NET console logger.</summary>
    public static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };

    private sealed class Logger(RunConsole console, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            string message = formatter(state, exception).ReplaceLineEndings(" ");
            string error = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")})";
            console.Error($"{RunLog.Stamp(DateTimeOffset.UtcNow)} {Level(logLevel)}: {category}[{eventId.Id}] {message}{error}");
        }
    }
}
