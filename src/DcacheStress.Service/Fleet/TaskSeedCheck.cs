// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// Checkpoint validation of a fleet task: its options keep the fleet's base seed (so that
/// <c>--resume</c> derives the task seed again), its <c>seed</c> is the derived task seed.
/// </summary>
public static class TaskSeedCheck
{
    /// <summary>
    /// True when <paramref name="optionSeed"/> is <paramref name="runSeed"/>, or, for a fleet task
    /// (options FleetId and TaskIndex), the base seed it derives from.
    /// </summary>
    public static bool Matches(IReadOnlyDictionary<string, string> options, string optionSeed, ulong runSeed)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        if (optionSeed == runSeed.ToString(c))
            return true;
        return options.ContainsKey("FleetId")
            && options.TryGetValue("TaskIndex", out string? index) && int.TryParse(index, NumberStyles.None, c, out int i)
            && ulong.TryParse(optionSeed, NumberStyles.None, c, out ulong baseSeed)
            && FleetContext.DeriveTaskSeed(baseSeed, i) == runSeed;
    }
}
