// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace DcacheStress.Service.Telemetry;

/// <summary>Wiring of the metrics: the instrumentation, OpenTelemetry, Kestrel and /metrics.</summary>
public static class TelemetryExtensions
{
    /// <summary>
    /// The instrumentation class plus an OpenTelemetry meter provider with the service's meter,
    /// the .NET runtime meter and the Prometheus exporter.
    /// </summary>
    public static IServiceCollection AddStressTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<StressInstrumentation>();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("dcachestress", serviceVersion: ServiceVersion.Short))
            .WithMetrics(m =>
            {
                m.AddMeter(MetricNames.MeterName)
                    .AddRuntimeInstrumentation() // the "System.Runtime" meter: GC, memory, thread pool, CPU
                    .AddPrometheusExporter();
                foreach (string name in MetricNames.DroppedRuntimeInstruments)
                    m.AddView(name, MetricStreamConfiguration.Drop);
            });
        return services;
    }

    /// <summary>Kestrel (and nothing else) on the metrics address, with routing for one endpoint.</summary>
    public static WebApplicationBuilder UseMetricsServer(this WebApplicationBuilder builder, MetricsEndpoint endpoint)
    {
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(endpoint.Address, endpoint.Port);
        });
        builder.Services.AddRoutingCore();
        return builder;
    }

    /// <summary>
    /// The one endpoint: GET <see cref="MetricsEndpoint.Path"/> (Prometheus text or OpenMetrics).
    /// No endpoint controls the run.
    /// </summary>
    public static IEndpointRouteBuilder MapStressMetrics(this IEndpointRouteBuilder app, MetricsEndpoint endpoint)
    {
        app.MapPrometheusScrapingEndpoint(endpoint.Path);
        return app;
    }
}
