// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Workload.Repro;

namespace DcacheStress.Service.Cli;

/// <summary><c>repro --list | NAME|all [--patch P,...] [--quiet]</c>.</summary>
public static class ReproCommand
{
    /// <summary>Run with <paramref name="args"/> (without the mode); returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, CliContext cli) => Run(args, cli, ReproCatalog.All);

    /// <summary>Run against <paramref name="catalog"/> instead of <see cref="ReproCatalog.All"/> (tests).</summary>
    internal static int Run(IReadOnlyList<string> args, CliContext cli, IReadOnlyList<ReproScenario> catalog)
    {
        bool list = false, quiet = false;
        string? name = null, patchList = null, schedule = null;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            switch (a)
            {
                case "--help" or "-h":
                    HelpText.Repro(cli.Out);
                    return ExitCodes.Ok;
                case "--list":
                    list = true;
                    break;
                case "--quiet":
                    quiet = true;
                    break;
                case "--schedule":
                    if (i + 1 >= args.Count)
                        return Bad(cli, "--schedule: needs a file (written by ./run.sh explore)");
                    schedule = args[++i];
                    break;
                case "--patch":
                    if (i + 1 >= args.Count)
                        return Bad(cli, $"--patch: needs a value (allowed: {string.Join(", ", PatchCatalog.Names)})");
                    patchList = args[++i];
                    break;
                default:
                    if (a.StartsWith("--patch=", StringComparison.Ordinal))
                        patchList = a["--patch=".Length..];
                    else if (a.StartsWith('-'))
                        return Bad(cli, $"{a}: unknown option (allowed: --list, --patch, --schedule, --quiet, --help)");
                    else if (name is not null)
                        return Bad(cli, $"repro: one repro at a time, got '{name}' and '{a}' (use all for every repro)");
                    else
                        name = a;
                    break;
            }
        }

        if (schedule is not null)
        {
            if (name is not null || list)
                return Bad(cli, "repro: --schedule replays one schedule file; give no repro name or --list with it");
            return ScheduleRepro.Run(schedule, patchList, quiet, cli);
        }
        if (list)
        {
            int width = catalog.Max(r => r.Name.Length) + 2;
            foreach (ReproScenario r in catalog)
                cli.Out.WriteLine($"{r.Name.PadRight(width)}[{r.Filesystem.name}] {r.Description}");
            return ExitCodes.Ok;
        }
        if (name is null)
            return Bad(cli, $"repro: which one? (allowed: {string.Join(", ", catalog.Select(r => r.Name))}, all; or --list)");

        List<ReproScenario> repros;
        if (name == "all")
            repros = [.. catalog];
        else if (catalog.FirstOrDefault(r => r.Name == name) is { } repro)
            repros = [repro];
        else
            return Bad(cli, $"repro: unknown repro '{name}' (allowed: {string.Join(", ", catalog.Select(r => r.Name))}, all)");

        var patches = new List<Patch>();
        foreach (string p in (patchList ?? string.Join(',', PatchCatalog.Names)).Split(',', StringSplitOptions.TrimEntries))
        {
            if (!PatchCatalog.TryCreate(p, out Patch patch))
                return Bad(cli, $"--patch: unknown patch '{p}' (allowed: {string.Join(", ", PatchCatalog.Names)})");
            patches.Add(patch);
        }

        if (patchList is not null && repros.All(r => !patches.Any(r.AppliesTo)))
            return Bad(cli, $"--patch: no patch of {string.Join(" or ", repros.Select(r => r.Filesystem.name).Distinct())} given; repro {name} runs against those only");
        var verdicts = new List<ReproOutcome>();
        foreach (ReproScenario r in repros)
        {
            foreach (Patch p in patches.Where(r.AppliesTo))
            {
                ReproOutcome outcome = r.Run(p);
                verdicts.Add(outcome);
                if (!quiet)
                {
                    cli.Out.WriteLine($"== {r.Name} vs {p.Name}");
                    foreach (string line in outcome.Trail)
                        cli.Out.WriteLine($"   {line}");
                }
                cli.Out.WriteLine(outcome.Verdict);
                cli.Out.Flush();
            }
        }
        int bad = verdicts.Count(v => !v.Matches);
        if (verdicts.Count > 1)
            cli.Out.WriteLine($"{verdicts.Count - bad}/{verdicts.Count} outcomes as expected");
        return bad == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static int Bad(CliContext cli, string message)
    {
        cli.Err.WriteLine($"error: {message}");
        return ExitCodes.BadInput;
    }
}
