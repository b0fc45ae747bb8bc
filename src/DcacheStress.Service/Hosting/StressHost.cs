// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Cli;
using DcacheStress.Service.Telemetry;
using DcacheStress.Service.Terminal;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DcacheStress.Service.Hosting;

/// <summary>
/// Builds the Generic Host of a stress run: with a metrics endpoint a minimal WebApplication
/// (Kestrel on the metrics address only), without one a plain host. Both carry the same services.
/// </summary>
public static class StressHost
{
    /// <summary>How long the host waits for the service to park the workers and write the reports.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The host for <paramref name="state"/>'s run; <paramref name="cli"/>'s writers are <paramref name="console"/>'s (logged).</summary>
    public static IHost Build(RunState state, CliContext cli, RunConsole console, IConfiguration configuration)
    {
        var settings = state.Settings;
        if (settings.Metrics is { } endpoint)
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
            {
                ApplicationName = "DcacheStress",
                ContentRootPath = cli.WorkingDirectory,
                Args = [],
            });
            builder.UseMetricsServer(endpoint);
            AddServices(builder.Services, builder.Logging, state, cli, console, configuration);
            builder.Services.AddStressTelemetry(settings);
            WebApplication app = builder.Build();
            app.MapStressMetrics(endpoint);
            return app;
        }

        var plain = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "DcacheStress",
            ContentRootPath = cli.WorkingDirectory,
            Args = [],
        });
        AddServices(plain.Services, plain.Logging, state, cli, console, configuration);
        if (settings.Otlp is not null)
            plain.Services.AddStressTelemetry(settings, prometheus: false); // --metrics-url none, OTLP push only
        return plain.Build();
    }

    private static void AddServices(IServiceCollection services, ILoggingBuilder logging, RunState state, CliContext cli, RunConsole console, IConfiguration configuration)
    {
        // Warnings and errors of the host and Kestrel, one line each with a UTC timestamp on the
        // run's stderr (and so in run.log); the "Logging" section (settings files,
        // DCACHESTRESS_LOGGING__...) sets the levels as in any .NET host (Logging:LogLevel:Default,
        // Logging:LogLevel:<category>).
        logging.ClearProviders();
        logging.AddProvider(new RunConsoleLoggerProvider(console));
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddConfiguration(configuration.GetSection("Logging"));

        services.AddSingleton(state);
        services.AddSingleton(cli);
        services.AddSingleton(console);
        services.AddSingleton<IHostLifetime, SignalLifetime>();
        services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = ShutdownTimeout;
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        services.AddHostedService<StressHostedService>();
        if (state.Settings.FileSdDir is not null)
            services.AddHostedService<Fleet.FileSdTargetService>();
    }
}
