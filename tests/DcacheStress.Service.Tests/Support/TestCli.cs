// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Cli;
using DcacheStress.Service.Hosting;

namespace DcacheStress.Service.Tests.Support;

/// <summary>Runs the command line in-process with captured output.</summary>
internal sealed class TestCli
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public TestCli(string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, CancellationToken stop = default, Action<RunState>? onRun = null)
    {
        Context = new CliContext
        {
            Out = TextWriter.Synchronized(_out),
            Err = TextWriter.Synchronized(_err),
            WorkingDirectory = workingDirectory,
            Environment = environment ?? new Dictionary<string, string>(),
            IsTerminal = false,
            HandleSignals = false,
            StopToken = stop,
            OnRunCreated = onRun,
        };
    }

    public CliContext Context { get; }

    public string Stdout => _out.ToString();

    public string Stderr => _err.ToString();

    public Task<int> RunAsync(params string[] args) => ServiceCli.RunAsync(args, Context);
}
