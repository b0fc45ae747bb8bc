// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Fs.Tests.Support;

/// <summary>The source tree the tests were built from: the nearest ancestor holding DcacheStress.sln.</summary>
internal static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DcacheStress.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no DcacheStress.sln above {AppContext.BaseDirectory}");
    }
}
