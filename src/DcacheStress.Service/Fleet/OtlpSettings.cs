// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// The opt-in OTLP metrics exporter, read from the standard OpenTelemetry environment variables
/// (only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>OTEL_EXPORTER_OTLP_METRICS_ENDPOINT</c> is
/// set): for fleet nodes that can reach out but that Prometheus cannot scrape. Read here from the
/// run's environment, not by the exporter itself, so that bad values fail at start with one line.
/// </summary>
public sealed record OtlpSettings
{
    /// <summary>Push interval when OTEL_METRIC_EXPORT_INTERVAL is not set (the spec's 60 s is long for short tasks).</summary>
    public const int DefaultIntervalMilliseconds = 15000;

    /// <summary>http/protobuf (the default: what Prometheus' OTLP receiver speaks) or grpc.</summary>
    public required string Protocol { get; init; }

    /// <summary>The full URL metrics are sent to (http/protobuf: ending in /v1/metrics).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Export interval, ms; the last export happens at shutdown whatever it is.</summary>
    public required int IntervalMilliseconds { get; init; }

    /// <summary>Extra headers, <c>k=v,k2=v2</c> (OTEL_EXPORTER_OTLP_HEADERS), or null.</summary>
    public string? Headers { get; init; }

    /// <summary>Per-export timeout, ms.</summary>
    public int TimeoutMilliseconds { get; init; } = 10000;

    /// <summary>The settings in <paramref name="env"/>; null when no endpoint is set, or with <paramref name="error"/> on a bad value.</summary>
    public static OtlpSettings? FromEnvironment(IReadOnlyDictionary<string, string> env, out string? error)
    {
        error = null;
        string? metricsEndpoint = Get(env, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
        string? baseEndpoint = Get(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
        if (metricsEndpoint is null && baseEndpoint is null)
            return null;
        string protocol = (Get(env, "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL") ?? Get(env, "OTEL_EXPORTER_OTLP_PROTOCOL") ?? "http/protobuf").ToLowerInvariant();
        if (protocol is not ("http/protobuf" or "grpc"))
        {
            error = $"OTEL_EXPORTER_OTLP_PROTOCOL: '{protocol}' is not supported (allowed: http/protobuf, grpc)";
            return null;
        }
        string raw = (metricsEndpoint ?? baseEndpoint)!;
        if (!Uri.TryCreate(raw, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
        {
            error = $"{(metricsEndpoint is null ? "OTEL_EXPORTER_OTLP_ENDPOINT" : "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT")}: '{raw}' is not an http(s) URL (e.g. http://collector:4318)";
            return null;
        }
        // The base endpoint gets the signal path appended for http/protobuf (OTLP exporter spec);
        // the per-signal one is used as given.
        if (metricsEndpoint is null && protocol == "http/protobuf")
            uri = new Uri(uri, uri.AbsolutePath.TrimEnd('/') + "/v1/metrics");
        int interval = DefaultIntervalMilliseconds;
        if (Get(env, "OTEL_METRIC_EXPORT_INTERVAL") is string iv
            && (!int.TryParse(iv, NumberStyles.None, CultureInfo.InvariantCulture, out interval) || interval < 100))
        {
            error = $"OTEL_METRIC_EXPORT_INTERVAL: '{iv}' is not an interval (allowed: milliseconds, 100 or more)";
            return null;
        }
        int timeout = 10000;
        if (Get(env, "OTEL_EXPORTER_OTLP_TIMEOUT") is string to
            && (!int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out timeout) || timeout < 1))
        {
            error = $"OTEL_EXPORTER_OTLP_TIMEOUT: '{to}' is not a timeout (allowed: milliseconds, 1 or more)";
            return null;
        }
        return new OtlpSettings
        {
            Protocol = protocol,
            Endpoint = uri,
            IntervalMilliseconds = interval,
            Headers = Get(env, "OTEL_EXPORTER_OTLP_HEADERS"),
            TimeoutMilliseconds = timeout,
        };
    }

    /// <summary>The service.instance.id in OTEL_RESOURCE_ATTRIBUTES, when the user set one (it then wins over the run identity's).</summary>
    public static string? InstanceIdFromResourceAttributes(IReadOnlyDictionary<string, string> env)
    {
        string? attrs = Get(env, "OTEL_RESOURCE_ATTRIBUTES");
        if (attrs is null)
            return null;
        foreach (string pair in attrs.Split(',', StringSplitOptions.TrimEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq].Trim() == "service.instance.id" && pair[(eq + 1)..].Trim().Length > 0)
                return Uri.UnescapeDataString(pair[(eq + 1)..].Trim());
        }
        return null;
    }

    private static string? Get(IReadOnlyDictionary<string, string> env, string key) =>
        env.TryGetValue(key, out string? v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}
