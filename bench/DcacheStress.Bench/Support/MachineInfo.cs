// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace DcacheStress.Bench.Support;

/// <summary>
/// The machine a measurement ran on (as Disruptor-net's ComputerSpecifications): CPU model,
/// logical CPUs, SMT, hypervisor, OS, .NET runtime and GC mode. Read from /proc and /sys on Linux;
/// "unknown" where a file is missing.
/// </summary>
internal sealed record MachineInfo(
    string Cpu,
    int LogicalCpus,
    string Smt,
    bool Virtualized,
    string Os,
    string Kernel,
    string DotNet,
    string Gc)
{
    /// <summary>Describe the current machine.</summary>
    public static MachineInfo Current()
    {
        string cpu = "unknown";
        bool hypervisor = false;
        string? cpuinfo = TryRead("/proc/cpuinfo");
        if (cpuinfo is not null)
        {
            foreach (string line in cpuinfo.Split('\n'))
            {
                if (cpu == "unknown" && line.StartsWith("model name", StringComparison.Ordinal))
                    cpu = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                if (line.StartsWith("flags", StringComparison.Ordinal) && line.Contains(" hypervisor", StringComparison.Ordinal))
                    hypervisor = true;
            }
        }
        string smt = (TryRead("/sys/devices/system/cpu/smt/active")?.Trim()) switch
        {
            "1" => "on",
            "0" => "off",
            _ => "unknown",
        };
        string? siblings = TryRead("/sys/devices/system/cpu/cpu0/topology/thread_siblings_list")?.Trim();
        if (siblings is not null)
            smt += string.Create(CultureInfo.InvariantCulture, $" ({ThreadsPerCore(siblings)} thread/core)");
        string os = RuntimeInformation.OSDescription;
        string? release = TryRead("/etc/os-release");
        if (release is not null)
        {
            foreach (string line in release.Split('\n'))
            {
                if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                    os = line["PRETTY_NAME=".Length..].Trim('"');
            }
        }
        string kernel = TryRead("/proc/sys/kernel/osrelease")?.Trim() ?? RuntimeInformation.OSDescription;
        string gc = (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : ", concurrent");
        return new MachineInfo(cpu, Environment.ProcessorCount, smt, hypervisor, os, kernel,
            RuntimeInformation.FrameworkDescription + " " + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(), gc);
    }

    private static int ThreadsPerCore(string list)
    {
        // "0", "0-1", "0,64"
        int n = 0;
        foreach (string part in list.Split(','))
        {
            string[] r = part.Split('-');
            n += r.Length == 2 && int.TryParse(r[0], out int a) && int.TryParse(r[1], out int b) ? b - a + 1 : 1;
        }
        return n;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>One line for reports.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Cpu}, {LogicalCpus} logical CPUs, SMT {Smt}{(Virtualized ? ", virtual machine" : "")}; {Os} (Linux {Kernel}); {DotNet}; GC {Gc}");
}
