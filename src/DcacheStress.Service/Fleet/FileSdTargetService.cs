// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Cli;
using DcacheStress.Service.Configuration;
using DcacheStress.Service.Hosting;
using Microsoft.Extensions.Hosting;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// Announces the run's /metrics to Prometheus through <c>--file-sd-dir</c>: writes the target
/// once the endpoint listens (its real port: the fleet runs with port 0) and removes it when the
/// host stops, so that a finished task leaves the target list. report.json stays the number of
/// record: a pull misses what a task counted after the last scrape.
/// </summary>
public sealed class FileSdTargetService(RunState state, CliContext cli) : IHostedService
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _announce;
    private string? _written;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _announce = AnnounceAsync(_stop.Token);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_announce is not null)
            await _announce.ConfigureAwait(false);
        _stop.Dispose();
        string? path = Volatile.Read(ref _written);
        if (path is null)
            return;
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await cli.Err.WriteLineAsync($"warning: file_sd target {path} not removed: {e.Message}").ConfigureAwait(false);
        }
    }

    private async Task AnnounceAsync(CancellationToken token)
    {
        StressRunSettings settings = state.Settings;
        if (settings.FileSdDir is not string dir)
            return;
        string? url;
        try
        {
            url = await state.Listening.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
            return;
        try
        {
            string target = FileSdTarget.Target(uri, settings.Identity);
            Volatile.Write(ref _written, FileSdTarget.Write(dir, target, settings.Identity, settings.Engine.Seed));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await cli.Err.WriteLineAsync($"error: file_sd target not written into {dir}: {e.Message}").ConfigureAwait(false);
        }
    }
}
