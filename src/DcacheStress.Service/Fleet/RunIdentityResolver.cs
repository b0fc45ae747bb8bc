// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Configuration;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// The step after <see cref="StressSettingsResolver"/>: reads the run's identity (labels, fleet
/// task from options or the engine's environment), replaces the run seed by the task seed inside
/// a fleet, and checks <c>--file-sd-dir</c> and the OTLP exporter's environment.
/// </summary>
public static class RunIdentityResolver
{
    /// <summary><paramref name="settings"/> with its identity; null with one line per problem in <paramref name="errors"/>.</summary>
    public static StressRunSettings? Apply(StressRunSettings settings, IReadOnlyDictionary<string, string> env, string workingDirectory, out List<string> errors)
    {
        errors = [];
        IReadOnlyDictionary<string, string> given = settings.Given;
        SortedDictionary<string, string>? labels = RunLabels.Parse(given.GetValueOrDefault("Label"), out string? labelError);
        if (labelError is not null)
            errors.Add(labelError);
        ulong? baseSeed = settings.SeedFromClock ? null : settings.Engine.Seed;
        FleetContext? fleet = FleetContext.Detect(given, env, baseSeed, errors);

        string? fileSdDir = null;
        if (given.TryGetValue("FileSdDir", out string? sd))
        {
            if (string.IsNullOrWhiteSpace(sd))
            {
                errors.Add("--file-sd-dir: needs a directory");
            }
            else if (settings.Metrics is null)
            {
                errors.Add("--file-sd-dir: there is no /metrics to announce (--metrics-url none); give a --metrics-url or leave --file-sd-dir out");
            }
            else
            {
                fileSdDir = Path.GetFullPath(sd, workingDirectory);
                if (WritableDirectory.Check(fileSdDir) is string sdError)
                    errors.Add($"--file-sd-dir: {sdError} (allowed: a directory this user can create and write)");
            }
        }

        OtlpSettings? otlp = OtlpSettings.FromEnvironment(env, out string? otlpError);
        if (otlpError is not null)
            errors.Add(otlpError);
        if (errors.Count > 0)
            return null;

        var identity = settings.Identity with
        {
            Labels = labels!,
            Fleet = fleet,
            InstanceIdOverride = OtlpSettings.InstanceIdFromResourceAttributes(env),
        };
        return settings with
        {
            Identity = identity,
            Engine = fleet is null ? settings.Engine : settings.Engine with { Seed = fleet.TaskSeed },
            FileSdDir = fileSdDir,
            Otlp = otlp,
        };
    }
}
