// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Cli;
using DcacheStress.Service.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace DcacheStress.Service.Hosting;

/// <summary>
/// Builds the Generic Host of a stress run: with a metrics endpoint a minimal WebApplication
/// (Kestrel on the metrics address only), without one a plain host. Both carry the same services.
/// </summary>
public static class StressHost
{
    /// <summary>How long the host waits for the service to park the workers and write the reports.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The host for <paramref name="state"/>'s run.</summary>
    public static IHost Build(RunState state, CliContext cli)
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
            AddServices(builder.Services, builder.Logging, state, cli);
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
        AddServices(plain.Services, plain.Logging, state, cli);
        if (settings.Otlp is not null)
            plain.Services.AddStressTelemetry(settings, prometheus: false); // --metrics-url none, OTLP push only
        return plain.Build();
    }

    private static void AddServices(IServiceCollection services, ILoggingBuilder logging, RunState state, CliContext cli)
    {
        // Warnings and errors of the host and Kestrel, one line each on stderr.
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Warning);

        services.AddSingleton(state);
        services.AddSingleton(cli);
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
