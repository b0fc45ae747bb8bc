// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Service.Configuration;

/// <summary>Checks that a directory can be created and written, without leaving anything behind.</summary>
public static class WritableDirectory
{
    /// <summary>
    /// Null when <paramref name="dir"/> exists as a writable directory or can be created under its
    /// nearest existing ancestor; otherwise why not. Probes with a temporary file that it deletes.
    /// </summary>
    public static string? Check(string dir)
    {
        string full = Path.GetFullPath(dir);
        if (File.Exists(full))
            return $"'{full}' is a file, not a directory";
        string? probeDir = full;
        while (probeDir is not null && !Directory.Exists(probeDir))
        {
            if (File.Exists(probeDir))
                return $"'{full}' cannot be created: '{probeDir}' is a file";
            probeDir = Path.GetDirectoryName(probeDir);
        }
        if (probeDir is null)
            return $"'{full}' has no existing ancestor directory";
        string probe = Path.Combine(probeDir, $".dcachestress-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"'{full}' is not writable ({e.Message})";
        }
        finally
        {
            try
            {
                File.Delete(probe);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing was created.
            }
        }
    }
}
