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
    /// the .NET runtime meter, the Prometheus exporter (when <paramref name="prometheus"/>) and the
    /// opt-in OTLP exporter (<see cref="StressRunSettings.Otlp"/>). The resource names this run:
    /// service.instance.id from its identity (not a random UUID), host.name, fleet and labels.
    /// </summary>
    public static IServiceCollection AddStressTelemetry(this IServiceCollection services, StressRunSettings settings, bool prometheus = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddMetrics();
        services.AddSingleton<StressInstrumentation>();
        Fleet.RunIdentity identity = settings.Identity;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r
                .AddService("dcachestress", serviceVersion: ServiceVersion.Short, autoGenerateServiceInstanceId: false, serviceInstanceId: identity.InstanceId)
                .AddAttributes(identity.ResourceAttributes()))
            .WithMetrics(m =>
            {
                m.AddMeter(MetricNames.MeterName)
                    .AddRuntimeInstrumentation(); // the "System.Runtime" meter: GC, memory, thread pool, CPU
                if (prometheus)
                    m.AddPrometheusExporter();
                if (settings.Otlp is { } otlp)
                    m.AddStressOtlpExporter(otlp);
                foreach (string name in MetricNames.DroppedRuntimeInstruments)
                    m.AddView(name, MetricStreamConfiguration.Drop);
            });
        return services;
    }

    /// <summary>
    /// The OTLP exporter with <paramref name="otlp"/>'s endpoint, protocol and interval, cumulative
    /// temporality (what Prometheus' OTLP receiver wants). Its PeriodicExportingMetricReader
    /// exports once more when the meter provider is disposed at host shutdown, so a short task's
    /// last increments are pushed (unlike a pull, which loses what came after the last scrape).
    /// </summary>
    public static MeterProviderBuilder AddStressOtlpExporter(this MeterProviderBuilder m, Fleet.OtlpSettings otlp)
    {
        ArgumentNullException.ThrowIfNull(otlp);
        return m.AddOtlpExporter((exporter, reader) =>
        {
            exporter.Endpoint = otlp.Endpoint;
            exporter.Protocol = otlp.Protocol == "grpc" ? OpenTelemetry.Exporter.OtlpExportProtocol.Grpc : OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf;
            exporter.TimeoutMilliseconds = otlp.TimeoutMilliseconds;
            if (otlp.Headers is not null)
                exporter.Headers = otlp.Headers;
            reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = otlp.IntervalMilliseconds;
            reader.PeriodicExportingMetricReaderOptions.ExportTimeoutMilliseconds = otlp.TimeoutMilliseconds;
        });
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
