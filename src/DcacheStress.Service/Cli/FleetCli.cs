// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Fleet;

namespace DcacheStress.Service.Cli;

/// <summary><c>fleet submit|status|merge</c>: hands over to <see cref="FleetSubmitter"/>, <see cref="FleetStatus"/>, <see cref="FleetMerge"/>.</summary>
public static class FleetCli
{
    /// <summary>Run with <paramref name="args"/> (without the mode); returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(cli);
        string sub = args.Count > 0 ? args[0] : "";
        if (sub is "" or "--help" or "-h" or "help")
        {
            HelpText.Fleet(cli.Out);
            return sub == "" ? ExitCodes.BadInput : ExitCodes.Ok;
        }
        IReadOnlyList<string> rest = [.. args.Skip(1)];
        if (rest.Any(a => a is "--help" or "-h") && !rest.Contains("--"))
        {
            HelpText.Fleet(cli.Out);
            return ExitCodes.Ok;
        }
        switch (sub)
        {
            case "submit":
                FleetRequest? r = FleetRequest.Parse(rest, cli.WorkingDirectory, out List<string> errors);
                if (r is null)
                {
                    foreach (string e in errors)
                        cli.Err.WriteLine($"error: {e}");
                    return ExitCodes.BadInput;
                }
                IReadOnlyList<string> stressProblems = FleetStressCheck.Problems(r, cli);
                if (stressProblems.Count > 0)
                {
                    foreach (string e in stressProblems)
                        cli.Err.WriteLine($"error: {e}");
                    return ExitCodes.BadInput;
                }
                return FleetSubmitter.Submit(r, cli);
            case "status":
            case "merge":
                string? dir = rest.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
                string[] unknown = [.. rest.Where(a => a.StartsWith("--", StringComparison.Ordinal) && !(sub == "merge" && a == "--allow-partial"))];
                if (dir is null || unknown.Length > 0 || rest.Count(a => !a.StartsWith("--", StringComparison.Ordinal)) > 1)
                {
                    cli.Err.WriteLine(unknown.Length > 0
                        ? $"error: fleet {sub}: unknown option {unknown[0]} (allowed: {(sub == "merge" ? "--allow-partial" : "none")})"
                        : $"error: fleet {sub}: needs one fleet directory (fleet {sub} DIR)");
                    return ExitCodes.BadInput;
                }
                string full = Path.GetFullPath(dir, cli.WorkingDirectory);
                return sub == "status" ? FleetStatus.Run(full, cli) : FleetMerge.Run(full, rest.Contains("--allow-partial"), cli);
            default:
                cli.Err.WriteLine($"error: fleet: unknown command '{sub}' (allowed: submit, status, merge; fleet --help)");
                return ExitCodes.BadInput;
        }
    }
}
