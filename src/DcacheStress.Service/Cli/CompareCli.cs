// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Compare;
using DcacheStress.Reports.Statistics;

namespace DcacheStress.Service.Cli;

/// <summary><c>compare FILE... [--force] [--allow-partial] [--by KEY] [--out DIR]</c>: hands over to <see cref="CompareCommand"/>.</summary>
public static class CompareCli
{
    /// <summary>Run with <paramref name="args"/> (without the mode); returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, CliContext cli)
    {
        var files = new List<string>();
        bool force = false, allPairs = false;
        bool allowPartial = false;
        string? by = null;
        string? outDir = null, baseline = null;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a is "--help" or "-h")
            {
                HelpText.Compare(cli.Out);
                return ExitCodes.Ok;
            }
            if (a == "--force")
            {
                force = true;
            }
            else if (a == "--all-pairs")
            {
                allPairs = true;
            }
            else if (a == "--baseline" || a.StartsWith("--baseline=", StringComparison.Ordinal))
            {
                if (a == "--baseline" && i + 1 >= args.Count)
                {
                    cli.Err.WriteLine("error: --baseline: needs a patch name");
                    return ExitCodes.BadInput;
                }
                baseline = a == "--baseline" ? args[++i] : a["--baseline=".Length..];
            }
            else if (a == "--allow-partial")
            {
                allowPartial = true;
            }
            else if (a == "--by" || a.StartsWith("--by=", StringComparison.Ordinal))
            {
                if (a == "--by" && i + 1 >= args.Count)
                {
                    cli.Err.WriteLine($"error: --by: needs a grouping ({CompareGrouping.Allowed})");
                    return ExitCodes.BadInput;
                }
                by = a == "--by" ? args[++i] : a["--by=".Length..];
            }
            else if (a == "--out" || a.StartsWith("--out=", StringComparison.Ordinal))
            {
                if (a == "--out" && i + 1 >= args.Count)
                {
                    cli.Err.WriteLine("error: --out: needs a directory");
                    return ExitCodes.BadInput;
                }
                outDir = a == "--out" ? args[++i] : a["--out=".Length..];
                outDir = Path.GetFullPath(outDir, cli.WorkingDirectory);
            }
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                cli.Err.WriteLine($"error: {a}: unknown option (allowed: --force, --allow-partial, --by KEY, --out DIR, --baseline PATCH, --all-pairs, --help)");
                return ExitCodes.BadInput;
            }
            else
            {
                files.Add(Path.GetFullPath(a, cli.WorkingDirectory));
            }
        }
        if (allPairs && baseline is not null)
        {
            cli.Err.WriteLine("error: --baseline and --all-pairs: give one (a baseline's pairs, or every pair)");
            return ExitCodes.BadInput;
        }
        int rc = CompareCommand.Run([.. files], new CompareOptions
        {
            Force = force, AllowPartial = allowPartial, By = by, OutDir = outDir, Pairs = new PairSelection(baseline, allPairs),
        }, cli.Out);
        cli.Out.Flush();
        return rc;
    }
}
