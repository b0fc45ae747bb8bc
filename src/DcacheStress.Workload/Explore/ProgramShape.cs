// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>How generated programs are drawn (<see cref="ProgramGenerator"/>).</summary>
public enum ProgramShape
{
    /// <summary>Ops from the workload's op mix, each through a random mount; every start state.</summary>
    Mix,

    /// <summary>
    /// Biased to what the 2016 atomic_open races share (docs/findings.md): plain opens and
    /// <c>ls</c> opendirs of an entry (O_DIRECTORY) through mount 1, where they share dentries,
    /// creators (<c>open(O_CREAT)</c>) mostly through the other mount, a few stats and unlinks;
    /// names start absent, absent with a hashed negative dentry, or present. The op mix is not used.
    /// </summary>
    Race,
}

/// <summary>CLI names of <see cref="ProgramShape"/>.</summary>
public static class ProgramShapes
{
    /// <summary>"mix", "race".</summary>
    public static IReadOnlyList<string> Names { get; } = ["mix", "race"];

    /// <summary>The CLI name.</summary>
    public static string Name(ProgramShape shape) => shape == ProgramShape.Race ? "race" : "mix";

    /// <summary>Parse a CLI name.</summary>
    public static bool TryParse(string s, out ProgramShape shape)
    {
        shape = s == "race" ? ProgramShape.Race : ProgramShape.Mix;
        return s is "mix" or "race";
    }
}
