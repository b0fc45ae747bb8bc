// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Service.Fleet;

/// <summary>
/// How a fleet's scripts start this very build: the published single-file executable as it is,
/// or <c>dotnet DcacheStress.Service.dll</c> from a build tree. Cluster nodes must see the same
/// path (the shared filesystem); <c>fleet submit --harness</c> names another.
/// </summary>
public static class HarnessCommand
{
    /// <summary>The words that start this build.</summary>
    public static IReadOnlyList<string> Current()
    {
        string? process = Environment.ProcessPath;
        // Assembly.Location is empty inside a single-file app; the build tree's dll sits in the base directory.
        string dll = Path.Combine(AppContext.BaseDirectory, typeof(HarnessCommand).Assembly.GetName().Name + ".dll");
        bool viaDotnet = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet";
        if (viaDotnet && File.Exists(dll))
            return [process!, dll];
        return [process ?? "dcachestress"];
    }
}
