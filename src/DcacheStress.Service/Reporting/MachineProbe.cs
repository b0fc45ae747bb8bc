// SPDX-License-Identifier: GPL-2.0-only
using System.Runtime.InteropServices;
using DcacheStress.Reports.Model;

namespace DcacheStress.Service.Reporting;

/// <summary>The machine a run ran on (CPU model, cores, SMT, OS, .NET), from /proc and /sys on Linux.</summary>
public static class MachineProbe
{
    /// <summary>Describe this machine.</summary>
    public static MachineInfo Describe() => new()
    {
        CpuModel = CpuModel(),
        Cores = Environment.ProcessorCount,
        Smt = Smt(),
        Os = Os(),
        Dotnet = Environment.Version.ToString(), // the version only: reports print ".NET {dotnet}"
    };

    private static string CpuModel()
    {
        var info = CpuInfo();
        foreach (string key in new[] { "model name", "Hardware", "cpu model", "uarch" })
        {
            if (info.TryGetValue(key, out string? v) && !string.IsNullOrWhiteSpace(v))
                return v;
        }
        if (info.TryGetValue("CPU implementer", out string? impl) && info.TryGetValue("CPU part", out string? part))
            return $"{RuntimeInformation.ProcessArchitecture} (implementer {impl}, part {part})";
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static bool Smt()
    {
        string? active = ReadLine("/sys/devices/system/cpu/smt/active");
        if (active is not null)
            return active == "1";
        var info = CpuInfo();
        return info.TryGetValue("siblings", out string? sib) && info.TryGetValue("cpu cores", out string? cores)
            && int.TryParse(sib, out int s) && int.TryParse(cores, out int c) && s > c;
    }

    private static string Os()
    {
        string? pretty = null;
        try
        {
            foreach (string line in File.ReadLines("/etc/os-release"))
            {
                if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                    pretty = line["PRETTY_NAME=".Length..].Trim('"');
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or no os-release.
        }
        string? release = ReadLine("/proc/sys/kernel/osrelease");
        string kernel = release is null ? RuntimeInformation.OSDescription : $"Linux {release}";
        return pretty is null || pretty == kernel
            ? $"{kernel}, {RuntimeInformation.OSArchitecture}"
            : $"{pretty}, {kernel}, {RuntimeInformation.OSArchitecture}";
    }

    private static Dictionary<string, string> CpuInfo()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                    continue;
                string key = line[..colon].Trim();
                if (!map.ContainsKey(key))
                    map[key] = line[(colon + 1)..].Trim();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux.
        }
        return map;
    }

    private static string? ReadLine(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
