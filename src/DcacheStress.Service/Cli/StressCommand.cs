// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Configuration;
using DcacheStress.Service.Hosting;
using DcacheStress.Service.Terminal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace DcacheStress.Service.Cli;

/// <summary><c>stress</c>: validate everything, then run the host until the run is over.</summary>
public static class StressCommand
{
    /// <summary>Run with <paramref name="args"/> (without the mode); returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext cli)
    {
        StressArgs parsed = StressArgs.Parse(args);
        if (parsed.Help)
        {
            HelpText.Stress(cli.Out);
            return ExitCodes.Ok;
        }
        if (parsed.Errors.Count > 0)
            return BadInput(cli, parsed.Errors);

        // --resume DIR: the options come from DIR's checkpoint (issue 9).
        IReadOnlyDictionary<string, string> values = parsed.Values;
        RunCheckpoint? resume = null;
        if (parsed.Values.TryGetValue("Resume", out string? resumeDir))
        {
            resume = ResumeRequest.Load(resumeDir, cli.WorkingDirectory, parsed.Values, out Dictionary<string, string> merged, out string? resumeError);
            if (resume is null)
                return BadInput(cli, [resumeError!]);
            values = merged;
        }

        string? configFile = parsed.Values.TryGetValue("Config", out string? cf) ? Path.GetFullPath(cf, cli.WorkingDirectory) : null;
        IConfigurationRoot? config = SettingsLoader.TryBuild(cli.BaseDirectory, cli.WorkingDirectory, cli.Environment, values, out string? configError, configFile);
        if (config is null)
            return BadInput(cli, [configError!]);
        StressRunSettings? settings = StressSettingsResolver.Resolve(config, cli.WorkingDirectory, DateTimeOffset.UtcNow, out List<string> errors);
        if (settings is null)
            return BadInput(cli, errors);
        settings = Fleet.RunIdentityResolver.Apply(settings, cli.Environment, cli.WorkingDirectory, out List<string> identityErrors);
        if (settings is null)
            return BadInput(cli, identityErrors);
        if (resume is not null)
        {
            string? mismatch = ResumeRequest.Check(resume, settings);
            if (mismatch is not null)
                return BadInput(cli, [mismatch]);
            settings = settings with { Resume = resume, SeedFromClock = false };
        }
        foreach (string key in StressOptionCatalog.CommandLineOnly)
        {
            if (settings.Given.ContainsKey(key) && !parsed.Values.ContainsKey(key))
                return BadInput(cli, [$"{key}: {StressOptionCatalog.CliOf(key)} is a command-line option only (not a setting in a settings file or the environment)"]);
        }

        var state = new RunState(settings);
        cli.OnRunCreated?.Invoke(state);
        // From here on everything printed also goes to run.log (opened with the report directory).
        using var log = new RunLog();
        var console = new RunConsole(cli, log);
        IHost host = StressHost.Build(state, cli.WithWriters(console.Out, console.Err), console, config);
        try
        {
            try
            {
                await host.StartAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException e) when (settings.Metrics is not null)
            {
                // Kestrel could not bind (taken between the check and now).
                state.Finish(ExitCodes.BadInput, null, []);
                return BadInput(cli, [$"--metrics-url: {settings.Metrics.ScrapeUrl(settings.Metrics.Port)}: {e.Message}"]);
            }
            await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            Task<int> finished = state.Finished;
            if (await Task.WhenAny(finished, Task.Delay(StressHost.ShutdownTimeout)).ConfigureAwait(false) != finished)
            {
                await cli.Err.WriteLineAsync("error: the run did not finish writing its report in time").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
            return await finished.ConfigureAwait(false);
        }
        finally
        {
            if (host is IAsyncDisposable ad)
                await ad.DisposeAsync().ConfigureAwait(false);
            else
                host.Dispose();
        }
    }

    private static int BadInput(CliContext cli, IEnumerable<string> errors)
    {
        foreach (string e in errors)
            cli.Err.WriteLine($"error: {e}");
        cli.Err.Flush();
        return ExitCodes.BadInput;
    }
}
