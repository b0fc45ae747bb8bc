// SPDX-License-Identifier: GPL-2.0-only
using System.Runtime.InteropServices;

namespace DcacheStress.Workload;

/// <summary>Thread pinning with <c>sched_setaffinity(0, ...)</c> from inside the thread (Linux).</summary>
internal static partial class Affinity
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setaffinity(int pid, nint cpusetsize, ref ulong mask);

    [LibraryImport("libc")]
    private static partial int sched_getcpu();

    /// <summary>Pin the calling thread to <paramref name="cpu"/>; false if not possible here.</summary>
    public static bool PinCurrentThread(int cpu)
    {
        if (!OperatingSystem.IsLinux() || cpu < 0 || cpu >= 64)
            return false;
        ulong mask = 1UL << cpu;
        return sched_setaffinity(0, sizeof(ulong), ref mask) == 0;
    }

    /// <summary>The CPU the calling thread runs on (-1 if unknown).</summary>
    public static int CurrentCpu() => OperatingSystem.IsLinux() ? sched_getcpu() : -1;
}
