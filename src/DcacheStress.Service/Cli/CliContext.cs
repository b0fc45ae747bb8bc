// SPDX-License-Identifier: GPL-2.0-only
using System.Collections;

namespace DcacheStress.Service.Cli;

/// <summary>
/// What the command line runs against: output streams, working directory, environment, whether
/// stdout is a terminal, and whether to own SIGINT/SIGTERM. Tests build one with their own
/// writers and a stop token; <see cref="FromProcess"/> is the real process.
/// </summary>
public sealed class CliContext
{
    /// <summary>Standard output.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error.</summary>
    public required TextWriter Err { get; init; }

    /// <summary>Working directory (relative paths, the default reports folder, a local appsettings.json).</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>Where the shipped appsettings.json lives (the executable's folder).</summary>
    public string BaseDirectory { get; init; } = AppContext.BaseDirectory;

    /// <summary>Environment variables.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>True when stdout is a terminal: the live progress line is shown.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>Own SIGINT/SIGTERM (first: graceful stop; second: exit at once).</summary>
    public bool HandleSignals { get; init; }

    /// <summary>Stops a run from outside (tests); the same path as a first Ctrl-C.</summary>
    public CancellationToken StopToken { get; init; }

    /// <summary>Called once the run's state exists (tests read the metrics URL from it).</summary>
    public Action<Hosting.RunState>? OnRunCreated { get; init; }

    /// <summary>This context with other output writers (a run's logged stdout and stderr).</summary>
    public CliContext WithWriters(TextWriter output, TextWriter error) => new()
    {
        Out = output,
        Err = error,
        WorkingDirectory = WorkingDirectory,
        BaseDirectory = BaseDirectory,
        Environment = Environment,
        IsTerminal = IsTerminal,
        HandleSignals = HandleSignals,
        StopToken = StopToken,
        OnRunCreated = OnRunCreated,
    };

    /// <summary>The real process.</summary>
    public static CliContext FromProcess() => new()
    {
        Out = Console.Out,
        Err = Console.Error,
        WorkingDirectory = Directory.GetCurrentDirectory(),
        Environment = System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal),
        IsTerminal = !Console.IsOutputRedirected,
        HandleSignals = true,
    };
}
