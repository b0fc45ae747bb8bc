// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;

namespace DcacheStress.Service.Tests.Support;

/// <summary><c>promtool check metrics</c> (Debian package prometheus).</summary>
internal static class Promtool
{
    public static string? Path => ProcessRunner.FindOnPath("promtool");

    /// <summary>Exit code and output of <c>promtool check metrics</c> on <paramref name="exposition"/>.</summary>
    public static (int ExitCode, string Output) CheckMetrics(string exposition)
    {
        var info = new ProcessStartInfo(Path ?? throw new InvalidOperationException("promtool not installed"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("check");
        info.ArgumentList.Add("metrics");
        using Process p = Process.Start(info)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(exposition);
        p.StandardInput.Close();
        if (!p.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            p.Kill();
            throw new TimeoutException("promtool check metrics did not finish");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
