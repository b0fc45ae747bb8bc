// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Tests;

/// <summary>
/// Headless Chromium for looking at report.html. Installs the Debian package when it is missing
/// (the project's tests install what they need); skips only where apt-get does not exist.
/// </summary>
internal static class Chromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"];
    private static readonly Lock InstallLock = new();
    private static readonly TimeSpan AptTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The Chromium binary, installing it with apt-get first if needed.</summary>
    public static string Locate()
    {
        lock (InstallLock)
        {
            string? found = Find();
            if (found is not null)
            {
                return found;
            }

            string? apt = ProcessRunner.FindOnPath("apt-get");
            if (apt is null)
            {
                Assert.Skip("Chromium is not installed and apt-get is not available to install it; report.html was not rendered.");
            }

            Apt(apt, "update", "-qq");
            Apt(apt, "install", "-y", "-qq", "chromium");
            return Find() ?? throw new InvalidOperationException("apt-get install chromium succeeded but no Chromium binary is on PATH");
        }
    }

    /// <summary>Takes a screenshot of a page at the given window size.</summary>
    public static ProcessResult Screenshot(string chromium, string htmlPath, string pngPath, int width, int height) =>
        Render(chromium, htmlPath, "--hide-scrollbars", $"--screenshot={pngPath}", $"--window-size={width},{height}");

    /// <summary>The DOM after the page's scripts ran; console messages go to stderr.</summary>
    public static ProcessResult DumpDom(string chromium, string htmlPath) =>
        Render(chromium, htmlPath, "--enable-logging=stderr", "--window-size=1400,900", "--dump-dom");

    private static ProcessResult Render(string chromium, string htmlPath, params string[] extra)
    {
        using var profile = new TempDirectory();
        string[] args =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            $"--user-data-dir={profile.Path}", .. extra, new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
        ];
        ProcessResult result = ProcessRunner.Run(chromium, args, RenderTimeout);
        Assert.True(result.ExitCode == 0, $"chromium exited {result.ExitCode}: {result.Stderr}");
        return result;
    }

    private static string? Find() => Names.Select(ProcessRunner.FindOnPath).FirstOrDefault(p => p is not null);

    private static void Apt(string apt, params string[] args)
    {
        var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        string[] withLockWait = ["-o", "DPkg::Lock::Timeout=600", .. args];
        ProcessResult result = ProcessRunner.Run(apt, withLockWait, AptTimeout, env);
        for (int attempt = 1; result.ExitCode != 0 && result.Both.Contains("lock", StringComparison.OrdinalIgnoreCase) && attempt < 10; attempt++)
        {
            // Another apt-get holds the package lists; wait for it rather than fail.
            Thread.Sleep(TimeSpan.FromSeconds(15));
            result = ProcessRunner.Run(apt, withLockWait, AptTimeout, env);
        }

        Assert.True(result.ExitCode == 0, $"apt-get {string.Join(' ', args)} failed ({result.ExitCode}): {result.Both}");
    }
}
