// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Encodings.Web;
using System.Text.Json;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Json;

/// <summary>Reads and writes <c>report.json</c> (snake_case names, strict JSON).</summary>
public static class ReportJson
{
    /// <summary>The serializer settings of <c>report.json</c>; shared so every writer agrees.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Reads and validates a report file.</summary>
    /// <exception cref="InvalidReportException">The file cannot be read, is not JSON, or has the wrong shape.</exception>
    public static RunReport Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidReportException(path, $"cannot read the file: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses and validates report JSON; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="InvalidReportException">Not JSON, or not the report shape.</exception>
    public static RunReport Parse(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new InvalidReportException(sourceName, "the file is empty (expected a report.json object)");
        }

        RunReport? report;
        try
        {
            report = JsonSerializer.Deserialize<RunReport>(json, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidReportException(sourceName, JsonErrorText.Describe(e), e);
        }

        if (report is null)
        {
            throw new InvalidReportException(sourceName, "the top level is null (expected a report.json object)");
        }

        ThrowIfInvalid(report, sourceName);
        return report;
    }

    /// <summary>Validates and writes a report file atomically (temporary file, then rename).</summary>
    public static void Save(RunReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(path);
        ThrowIfInvalid(report, path);
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        string temp = full + ".tmp";
        File.WriteAllText(temp, Serialize(report));
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>The JSON text of a report, indented, as <see cref="Save"/> writes it.</summary>
    public static string Serialize(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Options) + "\n";
    }

    private static void ThrowIfInvalid(RunReport report, string sourceName)
    {
        IReadOnlyList<string> problems = ReportValidator.Validate(report);
        if (problems.Count == 1)
        {
            throw new InvalidReportException(sourceName, problems[0]);
        }

        if (problems.Count > 1)
        {
            throw new InvalidReportException(sourceName, $"{problems.Count} problems: {string.Join("; ", problems)}");
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            // Invariant and observation names are dictionary keys: written as they are.
            DictionaryKeyPolicy = null,
            WriteIndented = true,
            IndentSize = 2,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            // report.json is never embedded in HTML; keep names such as "v4.7-rc6" readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
