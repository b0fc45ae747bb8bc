// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Service.Configuration;

/// <summary>
/// One option of the <c>stress</c> mode: its command-line name, its configuration key (section
/// <c>Stress</c> of appsettings.json, environment <c>DCACHESTRESS__STRESS__KEY</c>), and its help.
/// </summary>
/// <param name="Cli">Command-line name, with the dashes (<c>--patch</c>).</param>
/// <param name="Key">Configuration key under <c>Stress</c> (<c>Patch</c>).</param>
/// <param name="IsFlag">True for a switch that needs no value (<c>--pin</c> means <c>--pin=true</c>).</param>
/// <param name="Value">Placeholder shown in help (<c>A,B,...</c>).</param>
/// <param name="Default">The default, in words.</param>
/// <param name="Help">What it does.</param>
public sealed record StressOptionInfo(string Cli, string Key, bool IsFlag, string Value, string Default, string Help)
{
    /// <summary>A test aid, listed apart under "diagnostics" in the help (not for normal runs).</summary>
    public bool Diagnostic { get; init; }

    /// <summary>May be given more than once on the command line; the values are joined with commas.</summary>
    public bool Repeatable { get; init; }
}
