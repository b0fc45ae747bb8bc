// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace DcacheStress.Service.Configuration;

/// <summary>
/// Builds the configuration of a run, later sources winning: <c>appsettings.json</c> beside the
/// executable, <c>appsettings.json</c> in the working directory (when there is one), environment
/// variables <c>DCACHESTRESS__STRESS__KEY</c>, then the command line.
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
        out string? error)
    {
        error = null;
        var builder = new ConfigurationBuilder();
        var files = new List<string> { Path.GetFullPath(Path.Combine(baseDirectory, FileName)) };
        string local = Path.GetFullPath(Path.Combine(workingDirectory, FileName));
        if (!files.Contains(local, StringComparer.Ordinal))
            files.Add(local);
        foreach (string file in files)
        {
            if (!File.Exists(file))
                continue;
            string? problem = CheckJson(file);
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
            if (name.StartsWith(StressOptionCatalog.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
                env[name[StressOptionCatalog.EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
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
    private static string? CheckJson(string file)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return $"{FileName}: malformed ({file}): the top level must be a JSON object";
            if (doc.RootElement.TryGetProperty(StressOptionCatalog.Section, out JsonElement section) && section.ValueKind != JsonValueKind.Object)
                return $"{FileName}: malformed ({file}): \"{StressOptionCatalog.Section}\" must be an object of options";
            return null;
        }
        catch (JsonException e)
        {
            return $"{FileName}: malformed JSON ({file}, line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{FileName}: cannot read {file}: {e.Message}";
        }
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }
}
