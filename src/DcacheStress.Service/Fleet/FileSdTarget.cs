// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text.Json;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// A Prometheus <c>file_sd_configs</c> target file for one run: <c>[{"targets": ["host:port"],
/// "labels": {...}}]</c> with the run's identity labels (fleet_id, fleet_task, run_id, host, seed,
/// the user's labels). Written atomically (temp file, rename) so that Prometheus' file watcher
/// never reads half a file; removed when the run ends.
/// </summary>
public static class FileSdTarget
{
    /// <summary>The file name of <paramref name="identity"/>'s target: <c>&lt;fleet&gt;-&lt;task&gt;.json</c>, or <c>run-&lt;run_id&gt;.json</c> outside a fleet.</summary>
    public static string FileName(RunIdentity identity) => identity.Fleet is { } f
        ? string.Create(CultureInfo.InvariantCulture, $"{f.FleetId}-{f.TaskIndex}.json")
        : $"run-{identity.RunId}.json";

    /// <summary>
    /// The address Prometheus scrapes for a run listening on <paramref name="scrapeUrl"/>: the
    /// listening host, or the machine's name when it listens on every address (0.0.0.0, ::).
    /// </summary>
    public static string Target(Uri scrapeUrl, RunIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(scrapeUrl);
        ArgumentNullException.ThrowIfNull(identity);
        string host = scrapeUrl.Host is "0.0.0.0" or "[::]" or "::" ? identity.Host : scrapeUrl.Host;
        return string.Create(CultureInfo.InvariantCulture, $"{host}:{scrapeUrl.Port}");
    }

    /// <summary>The file's JSON text.</summary>
    public static string Render(string target, RunIdentity identity, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((string k, string v) in identity.PrometheusLabels())
            labels[k] = v;
        labels["seed"] = seed.ToString(CultureInfo.InvariantCulture);
        var group = new Dictionary<string, object>
        {
            ["targets"] = new[] { target },
            ["labels"] = labels,
        };
        return JsonSerializer.Serialize(new[] { group }, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Write the target file into <paramref name="dir"/> (created when missing); returns its path.</summary>
    public static string Write(string dir, string target, RunIdentity identity, ulong seed)
    {
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, FileName(identity));
        // The temp name does not end in .json, so a "*.json" file_sd glob never matches it.
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, Render(target, identity, seed));
        File.Move(tmp, path, overwrite: true);
        return path;
    }
}
