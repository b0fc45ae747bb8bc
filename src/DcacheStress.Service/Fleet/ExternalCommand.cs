// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;

namespace DcacheStress.Service.Fleet;

/// <summary>Runs the engine's own client (sbatch, squeue) and hands its output back line by line.</summary>
public static class ExternalCommand
{
    /// <summary>The full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string p = Path.Combine(dir, name);
            if (File.Exists(p))
                return p;
        }
        return null;
    }

    /// <summary>Run <paramref name="file"/> with <paramref name="args"/>; each stdout line goes to <paramref name="onLine"/> as it comes. Returns the exit code and stderr.</summary>
    public static (int ExitCode, string Stderr) Run(string file, IEnumerable<string> args, Action<string> onLine)
    {
        ArgumentNullException.ThrowIfNull(onLine);
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi) ?? throw new IOException($"{file} did not start");
        Task<string> err = p.StandardError.ReadToEndAsync();
        while (p.StandardOutput.ReadLine() is string line)
            onLine(line);
        p.WaitForExit();
        return (p.ExitCode, err.GetAwaiter().GetResult().Trim());
    }
}
