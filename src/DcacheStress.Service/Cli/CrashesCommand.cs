// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Crash;

namespace DcacheStress.Service.Cli;

/// <summary>
/// <c>crashes DIR... [--patch P] [--invariant I,...]</c>: Drokin's crash-dump fields (d_flags,
/// hashed, positive, PAR_LOOKUP, the program that crashed) tallied over the crash records of runs.
/// </summary>
public static class CrashesCommand
{
    /// <summary>The kernel BUG sites of the seed race (the default filter).</summary>
    public static IReadOnlyList<string> KernelBugSites { get; } = ["d_splice_alias.hashed", "d_rehash.hashed"];

    /// <summary>Help text.</summary>
    public static void Help(TextWriter w)
    {
        w.WriteLine("usage: ./run.sh crashes DIR... [--patch P] [--invariant I,...|all]");
        w.WriteLine();
        w.WriteLine("Reads every crash-*.json under the report directories DIR... and prints, as Markdown, the");
        w.WriteLine("fields Drokin read from his dumps with Viro's tentative patch (LKML 2016-07-04): d_flags (140 = 0x8c),");
        w.WriteLine("DCACHE_PAR_LOOKUP, hashed, positive, and the program the hitting thread ran (ls or another).");
        w.WriteLine("Crash records keep the first 3 hits per patch and invariant of a run: use several runs.");
        w.WriteLine();
        w.WriteLine("  --patch P             only records of patch P (default: every patch)");
        w.WriteLine($"  --invariant I,...     only these invariants; all = every one (default: {string.Join(",", KernelBugSites)})");
    }

    /// <summary>Run with <paramref name="args"/> (without the mode); returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, CliContext cli)
    {
        var dirs = new List<string>();
        string? patch = null;
        IReadOnlyCollection<string> invariants = KernelBugSites;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a is "--help" or "-h")
            {
                Help(cli.Out);
                return ExitCodes.Ok;
            }
            if (a is "--patch" or "--invariant")
            {
                if (i + 1 >= args.Count)
                    return Bad(cli, $"{a}: needs a value");
                string v = args[++i];
                if (a == "--patch")
                    patch = v;
                else
                    invariants = v == "all" ? [] : v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
            else if (a.StartsWith('-'))
            {
                return Bad(cli, $"{a}: unknown option (allowed: --patch, --invariant, --help)");
            }
            else
            {
                string dir = Path.GetFullPath(a, cli.WorkingDirectory);
                if (!Directory.Exists(dir))
                    return Bad(cli, $"{a}: no such directory");
                dirs.Add(dir);
            }
        }
        if (dirs.Count == 0)
            return Bad(cli, "crashes: which report directories? (./run.sh crashes DIR...)");
        CrashFieldStats stats;
        try
        {
            stats = CrashFieldStats.Load(dirs, invariants, patch);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return Bad(cli, $"crashes: a crash record does not parse: {e.Message}");
        }
        stats.WriteTable(cli.Out);
        return ExitCodes.Ok;
    }

    private static int Bad(CliContext cli, string message)
    {
        cli.Err.WriteLine("error: " + message);
        return ExitCodes.BadInput;
    }
}
