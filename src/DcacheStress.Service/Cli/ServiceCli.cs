// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Service.Cli;

/// <summary>The command line: picks the mode (stress by default) and runs it.</summary>
public static class ServiceCli
{
    /// <summary>Modes by name.</summary>
    public static IReadOnlyList<string> Modes { get; } = ["stress", "repro", "explore", "compare", "crashes", "fleet", "help"];

    /// <summary>Run <paramref name="args"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliContext cli)
    {
        if (args.Length > 0 && args[0] is "--version" or "version")
        {
            cli.Out.WriteLine(ServiceVersion.Line);
            return ExitCodes.Ok;
        }
        if (args.Length > 0 && args[0] is "--help" or "-h" or "help")
        {
            HelpText.TopLevel(cli.Out);
            return ExitCodes.Ok;
        }
        string mode = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "stress";
        string[] rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        switch (mode)
        {
            case "stress":
                return await StressCommand.RunAsync(rest, cli).ConfigureAwait(false);
            case "repro":
                return ReproCommand.Run(rest, cli);
            case "explore":
                return ExploreCommand.Run(rest, cli);
            case "compare":
                return CompareCli.Run(rest, cli);
            case "crashes":
                return CrashesCommand.Run(rest, cli);
            case "fleet":
                return FleetCli.Run(rest, cli);
            default:
                await cli.Err.WriteLineAsync($"error: unknown mode '{mode}' (allowed: stress, repro, explore, compare, crashes, fleet; --help)").ConfigureAwait(false);
                return ExitCodes.BadInput;
        }
    }
}
