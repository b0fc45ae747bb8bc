// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace DcacheStress.Service.Configuration;

/// <summary>
/// Builds the configuration of a run, later sources winning: <c>appsettings.json</c> beside the
/// executable, <c>appsettings.json</c> in the working directory (when there is one), the
/// <c>--config FILE</c>, environment variables <c>DCACHESTRESS_SECTION__KEY</c> (the .NET
/// convention: <c>DCACHESTRESS_STRESS__DURATION</c>, <c>DCACHESTRESS_LOGGING__LOGLEVEL__DEFAULT</c>),
/// then the command line. Sections: <c>Stress</c> (the options) and <c>Logging</c> (the host's
/// log levels, as in any .NET host).
/// </summary>
public static class SettingsLoader
{
    /// <summary>The settings file name.</summary>
    public const string FileName = "appsettings.json";

    /// <summary>
    /// The configuration, or null with <paramref name="error"/> set when a settings file is not
    /// valid JSON.
    /// </summary>
    public static IConfigurationRoot? TryBuild(
        string baseDirectory,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        IReadOnlyDictionary<string, string> commandLine,
        out string? error,
        string? configFile = null)
    {
        error = null;
        var builder = new ConfigurationBuilder();
        var files = new List<string> { Path.GetFullPath(Path.Combine(baseDirectory, FileName)) };
        string local = Path.GetFullPath(Path.Combine(workingDirectory, FileName));
        if (!files.Contains(local, StringComparer.Ordinal))
            files.Add(local);
        if (configFile is not null)
        {
            if (!File.Exists(configFile))
            {
                error = $"--config: '{configFile}': no such file (allowed: a JSON file with the keys of {FileName})";
                return null;
            }
            files.Add(configFile);
        }
        foreach (string file in files)
        {
            if (!File.Exists(file))
                continue;
            string? problem = CheckJson(file, file == configFile ? "--config" : FileName);
            if (problem is not null)
            {
                error = problem;
                return null;
            }
            builder.AddJsonFile(file, optional: true, reloadOnChange: false);
        }

        var env = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach ((string name, string value) in environment)
        {
            if (!name.StartsWith(StressOptionCatalog.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
                continue;
            string key = name[StressOptionCatalog.EnvironmentPrefix.Length..];
            if (key.StartsWith('_'))
                key = key[1..]; // DCACHESTRESS__STRESS__KEY, the form before the .NET convention
            env[key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
        }
        builder.AddInMemoryCollection(env);
        builder.AddInMemoryCollection(commandLine.ToDictionary(
            kv => ConfigurationPath.Combine(StressOptionCatalog.Section, kv.Key), kv => (string?)kv.Value, StringComparer.OrdinalIgnoreCase));
        try
        {
            return builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or JsonException)
        {
            error = $"{FileName}: {e.Message}";
            return null;
        }
    }

    /// <summary>Null when <paramref name="file"/> is a JSON object; otherwise one line naming the file and the place.</summary>
    private static string? CheckJson(string file, string what)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return $"{what}: malformed ({file}): the top level must be a JSON object";
            if (doc.RootElement.TryGetProperty(StressOptionCatalog.Section, out JsonElement section) && section.ValueKind != JsonValueKind.Object)
                return $"{what}: malformed ({file}): \"{StressOptionCatalog.Section}\" must be an object of options";
            return null;
        }
        catch (JsonException e)
        {
            return $"{what}: malformed JSON ({file}, line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{what}: cannot read {file}: {e.Message}";
        }
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }
}
