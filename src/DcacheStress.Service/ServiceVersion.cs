// SPDX-License-Identifier: GPL-2.0-only
using System.Reflection;

namespace DcacheStress.Service;

/// <summary>The service's version and the kernel version the port follows.</summary>
public static class ServiceVersion
{
    private static readonly Assembly s_assembly = typeof(ServiceVersion).Assembly;

    /// <summary>Version without build metadata (<c>0.1.0</c>).</summary>
    public static string Short { get; } = Informational.Split('+')[0];

    /// <summary>Informational version (may carry <c>+commit</c>).</summary>
    public static string Informational =>
        s_assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? s_assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>The Linux version the port follows (Directory.Build.props PortedKernelVersion).</summary>
    public static string PortedKernel { get; } =
        s_assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "PortedKernelVersion")?.Value ?? "?";

    /// <summary>One line for --version.</summary>
    public static string Line => $"DcacheStress {Informational} (port of the Linux {PortedKernel} dentry cache; .NET {Environment.Version})";
}
