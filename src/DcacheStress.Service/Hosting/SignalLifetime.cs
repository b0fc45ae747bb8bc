// SPDX-License-Identifier: GPL-2.0-only
using System.Runtime.InteropServices;
using DcacheStress.Service.Cli;
using Microsoft.Extensions.Hosting;

namespace DcacheStress.Service.Hosting;

/// <summary>
/// The host lifetime of a stress run (replaces the console lifetime). The first SIGINT or SIGTERM
/// stops the run gracefully: workers parked, fsck, reports and crash records written, exit 0.
/// A second one exits at once and says what was not written. Without signal handling (tests) only
/// <see cref="CliContext.StopToken"/> stops the run.
/// </summary>
public sealed class SignalLifetime : IHostLifetime, IDisposable
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly RunState _state;
    private readonly CliContext _cli;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private CancellationTokenRegistration _stopToken;
    private int _signals;

    /// <summary>Created by the host.</summary>
    public SignalLifetime(IHostApplicationLifetime lifetime, RunState state, CliContext cli)
    {
        _lifetime = lifetime;
        _state = state;
        _cli = cli;
    }

    /// <inheritdoc/>
    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        if (_cli.HandleSignals)
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal));
        }
        _stopToken = _cli.StopToken.Register(() => _lifetime.StopApplication());
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the default (terminate) is ours to decide
        string name = context.Signal switch
        {
            PosixSignal.SIGINT => "SIGINT",
            PosixSignal.SIGTERM => "SIGTERM",
            _ => context.Signal.ToString(),
        };
        if (Interlocked.Increment(ref _signals) == 1)
        {
            _cli.Err.WriteLine();
            _cli.Err.WriteLine($"{name}: stopping: parking the workers, fsck, writing the report (again to exit at once)");
            _cli.Err.Flush();
            _lifetime.StopApplication();
            return;
        }
        if (_state.Phase == RunPhase.Done)
            return;
        IReadOnlyList<string> pending = _state.Pending;
        // The reports are pending from the start stage on, even while the loop has not begun yet
        // (a stop there still writes them), so the list decides, not the phase.
        string what = pending.Count > 0 ? string.Join(", ", pending)
            : _state.Phase == RunPhase.NotStarted ? "nothing (the run had not started)" : "nothing left";
        _cli.Err.WriteLine($"{name} again: exiting now. Not written: {what}. Crash records already in {_state.Settings.ReportDir} are complete.");
        if (_state.LastCheckpoint is { } cp)
            _cli.Err.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{cp.Path} ({cp.RunSeconds:0.#}s into the run, {cp.WrittenUtc:HH:mm:ss} UTC) is on disk: ./run.sh stress --resume {_state.Settings.ReportDir} continues the run."));
        _cli.Err.Flush();
        Environment.Exit(ExitCodes.Interrupted);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (PosixSignalRegistration r in _registrations)
            r.Dispose();
        _registrations.Clear();
        _stopToken.Dispose();
    }
}
