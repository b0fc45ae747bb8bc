// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Workload;

/// <summary>How stress spreads its race-window delays over the sites (<c>--window-policy</c>).</summary>
public enum WindowPolicy
{
    /// <summary>Every site delays with the same probability all run long.</summary>
    Uniform,

    /// <summary>Per-site probabilities move each round towards the sites whose delays precede hits (<see cref="RaceWindowFeedback"/>).</summary>
    Feedback,
}

/// <summary>Command-line names of <see cref="WindowPolicy"/>.</summary>
public static class WindowPolicyNames
{
    private static readonly string[] s_names = ["uniform", "feedback"];

    /// <summary>All names, in enum order.</summary>
    public static IReadOnlyList<string> All => s_names;

    /// <summary>Name of <paramref name="v"/>.</summary>
    public static string Name(WindowPolicy v) => s_names[(int)v];

    /// <summary>Parse a name; false when unknown.</summary>
    public static bool TryParse(string name, out WindowPolicy value)
    {
        int i = Array.IndexOf(s_names, name);
        value = (WindowPolicy)Math.Max(0, i);
        return i >= 0;
    }

    /// <summary>The kernel-side policy of a run: null with windows off.</summary>
    public static RaceWindowPolicy? Policy(bool raceWindows, WindowPolicy policy) =>
        !raceWindows ? null : policy == WindowPolicy.Feedback ? RaceWindowPolicy.WithFeedback : RaceWindowPolicy.Default;
}
