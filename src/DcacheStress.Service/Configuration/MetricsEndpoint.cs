// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DcacheStress.Service.Configuration;

/// <summary>Where /metrics is served: an IP address, a port (0: any free one) and a path.</summary>
/// <param name="Address">The address Kestrel listens on.</param>
/// <param name="Port">The port; 0 picks a free one at start.</param>
/// <param name="Path">The scrape path (<c>/metrics</c>).</param>
public sealed record MetricsEndpoint(IPAddress Address, int Port, string Path)
{
    /// <summary>Default scrape path.</summary>
    public const string DefaultPath = "/metrics";

    /// <summary>The value that disables the endpoint.</summary>
    public const string None = "none";

    /// <summary>True when only this machine can reach it.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary>The URL of the scrape endpoint for <paramref name="port"/> (the bound port once started).</summary>
    public string ScrapeUrl(int port)
    {
        string host = Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}{Path}");
    }

    /// <summary>
    /// Parse <c>http://HOST:PORT[/path]</c>, HOST an IP address or <c>localhost</c>. Returns null
    /// and sets <paramref name="error"/> (without the option name) when it is not one.
    /// </summary>
    public static MetricsEndpoint? TryParse(string text, out string? error)
    {
        error = null;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error = $"'{text}' is not a URL (allowed: http://HOST:PORT with HOST an IP address or localhost, or none)";
            return null;
        }
        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            error = $"'{text}': only http is served (allowed: http://HOST:PORT, or none)";
            return null;
        }
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            error = $"'{text}': no query, fragment or user (allowed: http://HOST:PORT[/path])";
            return null;
        }
        IPAddress address;
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            address = IPAddress.Loopback;
        else if (!IPAddress.TryParse(uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host, out address!))
        {
            error = $"'{uri.Host}' is not an IP address (allowed: an IP address such as 127.0.0.1, or localhost)";
            return null;
        }
        string path = uri.AbsolutePath is "" or "/" ? DefaultPath : uri.AbsolutePath.TrimEnd('/');
        return new MetricsEndpoint(address, uri.Port, path);
    }

    /// <summary>Null when the port can be bound now; otherwise why not.</summary>
    public string? ProbeBind()
    {
        if (Port == 0)
            return null;
        try
        {
            using var socket = new Socket(Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(Address, Port));
            socket.Listen(1);
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return $"{ScrapeUrl(Port)}: port {Port} is already in use (another run? pick a free port, 0 for any, or none)";
        }
        catch (SocketException e)
        {
            return $"{ScrapeUrl(Port)}: cannot listen there ({e.SocketErrorCode}: {e.Message})";
        }
    }
}
