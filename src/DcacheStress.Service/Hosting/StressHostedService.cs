// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Cli;
using DcacheStress.Service.Configuration;
using DcacheStress.Service.Reporting;
using DcacheStress.Service.Telemetry;
using DcacheStress.Service.Terminal;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DcacheStress.Service.Hosting;

/// <summary>
/// The worker service. Once the host (and the metrics endpoint) has started it runs the stages of
/// a stress run in order: <see cref="RunStart"/> (banner, engine, every observer attached),
/// <see cref="RunLoop"/> (the engine on its controller thread, observers ticked),
/// <see cref="RunFinish"/> (workers parked, last samples, fsck, summary) and <see cref="RunWrite"/>
/// (reports, console summary, exit code); then it stops the host.
/// </summary>
public sealed class StressHostedService : BackgroundService
{
    private readonly RunState _state;
    private readonly CliContext _cli;
    private readonly RunConsole _console;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly StressInstrumentation? _instrumentation;
    private readonly IServiceProvider _services;

    /// <summary>Created by the host.</summary>
    public StressHostedService(RunState state, CliContext cli, RunConsole console, IHostApplicationLifetime lifetime, IServiceProvider services)
    {
        _state = state;
        _cli = cli;
        _console = console;
        _lifetime = lifetime;
        _services = services;
        _instrumentation = services.GetService<StressInstrumentation>();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        int exitCode = ExitCodes.Failed;
        RunSummary? summary = null;
        var written = new List<string>();
        try
        {
            if (!await WaitForStartAsync(stoppingToken).ConfigureAwait(false))
            {
                _cli.Err.WriteLine("stopped before the run started: nothing written");
                exitCode = ExitCodes.Ok;
                return;
            }
            using StressRun run = RunStart.Begin(_state, _console, ScrapeUrl(), _instrumentation);
            RunEnd end = await RunLoop.RunAsync(run, stoppingToken).ConfigureAwait(false);
            summary = await RunFinish.FinishAsync(run, end).ConfigureAwait(false);
            exitCode = RunWrite.Write(run, summary, written);
        }
#pragma warning disable CA1031 // the run's failure is reported, not thrown into the host
        catch (Exception e)
#pragma warning restore CA1031
        {
            _cli.Err.WriteLine($"error: the run failed: {e.GetType().Name}: {e.Message}");
            _cli.Err.WriteLine(e.StackTrace);
            exitCode = ExitCodes.Failed;
        }
        finally
        {
            _state.Finish(exitCode, summary, written);
            _lifetime.StopApplication();
        }
    }

    /// <summary>Wait until the host (and the metrics endpoint) has started; false when stopped first.</summary>
    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return !stoppingToken.IsCancellationRequested;
    }

    /// <summary>The scrape URL with the port Kestrel bound (port 0 picks one); null without an endpoint.</summary>
    private string? ScrapeUrl()
    {
        MetricsEndpoint? m = _state.Settings.Metrics;
        if (m is null)
            return null;
        int port = m.Port;
        var addresses = _services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        foreach (string a in addresses ?? [])
        {
            if (Uri.TryCreate(a, UriKind.Absolute, out Uri? u))
            {
                port = u.Port;
                break;
            }
        }
        return m.ScrapeUrl(port);
    }
}
