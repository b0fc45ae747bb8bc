// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Cli;
using DcacheStress.Service.Configuration;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// Validates a fleet's stress options at submit time, as task 0 would resolve them (same
/// settings files and environment, metrics left out), so that a bad value fails once here
/// instead of in every task on the cluster.
/// </summary>
public static class FleetStressCheck
{
    /// <summary>The problems of <paramref name="r"/>'s stress options, one line each; empty when a task would start.</summary>
    public static IReadOnlyList<string> Problems(FleetRequest r, CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(cli);
        if (r.Mode == "explore")
            return ExploreProblems(r, cli);
        var values = new Dictionary<string, string>(r.StressValues, StringComparer.OrdinalIgnoreCase)
        {
            ["ReportDir"] = new FleetLayout(r.Dir).Task(0),
            ["MetricsUrl"] = MetricsEndpoint.None, // the port is the node's business
            ["FleetId"] = "submit-check",
            ["TaskIndex"] = "0",
            ["TaskCount"] = r.Tasks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        values.Remove("MetricsBindAny");
        var config = SettingsLoader.TryBuild(cli.BaseDirectory, cli.WorkingDirectory, cli.Environment, values, out string? configError);
        if (config is null)
            return [$"stress options after --: {configError}"];
        StressRunSettings? settings = StressSettingsResolver.Resolve(config, cli.WorkingDirectory, DateTimeOffset.UtcNow, out List<string> errors);
        if (settings is not null)
            RunIdentityResolver.Apply(settings, new Dictionary<string, string>(), cli.WorkingDirectory, out errors);
        return [.. errors.Select(e => $"stress options after --: {e}")];
    }

    /// <summary>The explore options as task 0 would parse them (explore --check).</summary>
    private static IReadOnlyList<string> ExploreProblems(FleetRequest r, CliContext cli)
    {
        var err = new StringWriter();
        var check = cli.WithWriters(TextWriter.Null, err);
        string[] args = [.. r.StressArgs, "--check", "--fleet-id", "submit-check", "--task-index", "0",
            "--task-count", r.Tasks.ToString(System.Globalization.CultureInfo.InvariantCulture), "--report-dir", new FleetLayout(r.Dir).Task(0)];
        if (ExploreCommand.Run(args, check) == ExitCodes.Ok)
            return [];
        return [.. err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => $"explore options after --: {(e.StartsWith("error: ", StringComparison.Ordinal) ? e["error: ".Length..] : e)}")];
    }
}
