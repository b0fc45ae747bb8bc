// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;

namespace DcacheStress.Service.Tests.Support;

/// <summary>Finds programs, the service's own build output, and how to start the service.</summary>
internal static class ProcessRunner
{
    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? FindOnPath(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>
    /// The service's own build output (same configuration as this test assembly), found from the
    /// repository root: the process-level tests run exactly what <c>./run.sh stress</c> runs.
    /// </summary>
    public static string ServiceDll()
    {
        string baseDir = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string tfm = Path.GetFileName(baseDir);
        string configuration = Path.GetFileName(Path.GetDirectoryName(baseDir)!);
        DirectoryInfo? d = new(baseDir);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "DcacheStress.sln")))
            d = d.Parent;
        if (d is null)
            throw new InvalidOperationException($"no DcacheStress.sln above {baseDir}");
        string dll = Path.Combine(d.FullName, "src", "DcacheStress.Service", "bin", configuration, tfm, "DcacheStress.Service.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"service not built: {dll}");
        return dll;
    }

    /// <summary>
    /// <c>dotnet DcacheStress.Service.dll ARGS</c> in <paramref name="workingDirectory"/>, all three
    /// streams redirected, telemetry off: the real process as <c>./run.sh stress</c> runs it.
    /// </summary>
    public static ProcessStartInfo ServiceStartInfo(string workingDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(ServiceDll());
        foreach (string a in args)
            info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return info;
    }
}
