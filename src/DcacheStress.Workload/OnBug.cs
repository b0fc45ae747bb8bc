// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload;

/// <summary>What a target does after its first kernel-BUG-class hit (<c>--on-bug</c>).</summary>
public enum OnBug
{
    /// <summary>
    /// The kernel would have oopsed: the workers leave the crashed instance at their next op
    /// boundary, and the target boots a fresh dcache, server and mounts; the round goes on.
    /// </summary>
    Reboot,

    /// <summary>Keep running on the crashed instance (the port's safe ways out), as before issue 13: the consequences stay visible.</summary>
    Continue,
}

/// <summary>The <c>--on-bug</c> values as users type them.</summary>
public static class OnBugNames
{
    private static readonly string[] s_names = ["reboot", "continue"];

    /// <summary>All names.</summary>
    public static IReadOnlyList<string> All => s_names;

    /// <summary>Name of a value.</summary>
    public static string Name(OnBug v) => s_names[(int)v];

    /// <summary>Parse a name; false when unknown.</summary>
    public static bool TryParse(string name, out OnBug value)
    {
        int i = Array.IndexOf(s_names, name);
        value = (OnBug)Math.Max(0, i);
        return i >= 0;
    }
}
