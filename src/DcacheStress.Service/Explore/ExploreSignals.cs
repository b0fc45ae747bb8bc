// SPDX-License-Identifier: GPL-2.0-only
using System.Runtime.InteropServices;
using DcacheStress.Service.Cli;

namespace DcacheStress.Service.Explore;

/// <summary>
/// Signals of an explore run: the first SIGINT/SIGTERM (Slurm's <c>--signal=B:TERM</c>, a pod's
/// termination) stops after the running execution, and the run still prints and writes what it did;
/// a second one exits at once (130). Without signal handling (tests) only
/// <see cref="CliContext.StopToken"/> stops it.
/// </summary>
public sealed class ExploreSignals : IDisposable
{
    private readonly CliContext _cli;
    private readonly CancellationTokenSource _stop;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signals;

    /// <summary>Listen on <paramref name="cli"/>'s signals and stop token.</summary>
    public ExploreSignals(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        _cli = cli;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cli.StopToken);
        if (cli.HandleSignals)
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        }
    }

    /// <summary>Cancelled by the first signal or the context's stop token.</summary>
    public CancellationToken Token => _stop.Token;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        string name = context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
        if (Interlocked.Increment(ref _signals) == 1)
        {
            _cli.Err.WriteLine($"{name}: stopping after the running execution; what was done is still printed and written (again to exit at once)");
            _cli.Err.Flush();
            _stop.Cancel();
            return;
        }
        _cli.Err.WriteLine($"{name} again: exiting now; explore.json and the schedule are not written");
        _cli.Err.Flush();
        Environment.Exit(ExitCodes.Interrupted);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var r in _registrations)
            r.Dispose();
        _stop.Dispose();
    }
}
