// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Reporting;

namespace DcacheStress.Service.Configuration;

/// <summary>
/// <c>--fail-on</c>: what a finished run must not have found, for <c>git bisect run</c> and CI
/// gates. A rule that trips on any patch turns the exit code into
/// <see cref="Cli.ExitCodes.FailOnTripped"/> (3), once the reports are written.
/// </summary>
/// <param name="Name">The option value.</param>
/// <param name="Help">When it trips, in words.</param>
/// <param name="Trips">True when <paramref name="Name"/> trips on one patch's figures.</param>
public sealed record FailOnRule(string Name, string Help, Func<PatchFigures, bool> Trips)
{
    /// <summary>The rule used when none is given.</summary>
    public static FailOnRule Default => All[0];

    /// <summary>Every rule, in help order. A new rule is one more line.</summary>
    public static IReadOnlyList<FailOnRule> All { get; } =
    [
        new("none", "never (exit 0 whatever the run found)", _ => false),
        new("clean-hit", "a patch expected clean broke an invariant", p => p.ExpectedClean && p.TotalHits > 0),
        new("any-hit", "any patch broke an invariant", p => p.TotalHits > 0),
        new("crash", "any patch crashed (a kernel-BUG-class hit: the target rebooted)", p => p.Crash.Crashes > 0),
    ];

    /// <summary>The names, for help and errors.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(r => r.Name)];

    /// <summary>The rule named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static FailOnRule? Find(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The patches this rule trips on (empty: it does not trip).</summary>
    public IReadOnlyList<PatchFigures> TrippedBy(IEnumerable<PatchFigures> patches) => [.. patches.Where(Trips)];
}
