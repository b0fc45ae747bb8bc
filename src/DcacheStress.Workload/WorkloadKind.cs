// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload;

/// <summary>Op-mix presets.</summary>
public enum WorkloadKind
{
    /// <summary>racer: Lustre's racer scripts (mkdir -p, rm -rf, mv, ln, ln -s, ls -R, cat >>, ...) over names 0-19 and N/N/N paths, two mounts.</summary>
    Racer,
    /// <summary>open-storm: parallel opens of absent and present names + ls + create/unlink (the seed's reproducer).</summary>
    OpenStorm,
    /// <summary>lookup-hot: read-mostly path walks over a deep tree (the hot path).</summary>
    LookupHot,
}

/// <summary>Preset names as users type them.</summary>
public static class WorkloadNames
{
    private static readonly string[] s_names = ["racer", "open-storm", "lookup-hot"];

    /// <summary>All names.</summary>
    public static IReadOnlyList<string> All => s_names;

    /// <summary>Name of a preset.</summary>
    public static string Name(WorkloadKind k) => s_names[(int)k];

    /// <summary>Parse a name; false when unknown.</summary>
    public static bool TryParse(string name, out WorkloadKind kind)
    {
        int i = Array.IndexOf(s_names, name);
        kind = (WorkloadKind)Math.Max(0, i);
        return i >= 0;
    }
}
