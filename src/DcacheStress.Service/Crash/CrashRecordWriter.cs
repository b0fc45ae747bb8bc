// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text.Json;
using DcacheStress.Reports.Model;

namespace DcacheStress.Service.Crash;

/// <summary>
/// The reporter: reads crash records from the channel and writes each as
/// <c>crash-&lt;invariant&gt;-&lt;n&gt;.json</c> into the report directory (n counts per invariant,
/// from 1), keeping a summary of each for report.json.
/// </summary>
public sealed class CrashRecordWriter
{
    /// <summary>JSON options of crash record files.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    private readonly string _dir;
    private readonly Dictionary<string, int> _perInvariant = new(StringComparer.Ordinal);
    private readonly List<CrashRecordSummary> _summaries = [];
    private readonly List<string> _files = [];
    private readonly List<string> _errors = [];
    private readonly Lock _lock = new();

    private readonly System.Text.Json.Nodes.JsonNode? _run;

    /// <summary>Write into <paramref name="dir"/> (it must exist); every record carries <paramref name="run"/> (the run identity) as "run".</summary>
    public CrashRecordWriter(string dir, IReadOnlyDictionary<string, object?>? run = null)
    {
        _dir = dir;
        _run = run is null ? null : JsonSerializer.SerializeToNode(run, JsonOptions);
    }

    /// <summary>
    /// A resumed run (<c>--resume</c>) writes into the directory of the run it continues: number
    /// its records after the ones already there instead of overwriting them.
    /// </summary>
    public void ContinueNumbering()
    {
        foreach (string f in Directory.EnumerateFiles(_dir, "crash-*.json"))
        {
            string name = Path.GetFileNameWithoutExtension(f)["crash-".Length..];
            int dash = name.LastIndexOf('-');
            if (dash > 0 && int.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                lock (_lock)
                    _perInvariant[name[..dash]] = Math.Max(n, _perInvariant.GetValueOrDefault(name[..dash]));
            }
        }
    }

    /// <summary>Summaries of the records written, in order.</summary>
    public IReadOnlyList<CrashRecordSummary> Summaries
    {
        get
        {
            lock (_lock)
                return [.. _summaries];
        }
    }

    /// <summary>Files written.</summary>
    public IReadOnlyList<string> Files
    {
        get
        {
            lock (_lock)
                return [.. _files];
        }
    }

    /// <summary>Write failures (one line each).</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_lock)
                return [.. _errors];
        }
    }

    /// <summary>Drain <paramref name="reader"/> until it completes.</summary>
    public async Task RunAsync(System.Threading.Channels.ChannelReader<CrashRecord> reader)
    {
        await foreach (CrashRecord record in reader.ReadAllAsync().ConfigureAwait(false))
            Write(record);
    }

    /// <summary>Write one record now.</summary>
    public void Write(CrashRecord record)
    {
        int n;
        lock (_lock)
        {
            n = _perInvariant.GetValueOrDefault(record.Invariant) + 1;
            _perInvariant[record.Invariant] = n;
        }
        string path = Path.Combine(_dir, string.Create(CultureInfo.InvariantCulture, $"crash-{record.Invariant}-{n}.json"));
        try
        {
            string tmp = path + ".tmp";
            System.Text.Json.Nodes.JsonNode node = JsonSerializer.SerializeToNode(record, JsonOptions)!;
            if (_run is not null)
                node["run"] = _run.DeepClone();
            File.WriteAllText(tmp, node.ToJsonString(JsonOptions) + "\n");
            File.Move(tmp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lock (_lock)
                _errors.Add($"{path}: {e.Message}");
            return;
        }

        var summary = new CrashRecordSummary
        {
            Invariant = record.Invariant,
            Patch = record.Patch,
            HitClass = record.HitClass,
            Thread = record.ThreadIndex,
            TimeSeconds = record.ActiveSeconds,
            Dentry = DentryFields(record.Dentry),
            Events = record.Threads.Count > 0 ? record.Threads[0].Events : [],
        };
        lock (_lock)
        {
            _files.Add(path);
            _summaries.Add(summary);
        }
    }

    private static Dictionary<string, string> DentryFields(CrashDentry? d)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (d is null)
            return map;
        var c = CultureInfo.InvariantCulture;
        map["id"] = d.Id.ToString(c);
        map["path"] = d.Path;
        map["name"] = d.Name;
        map["parent_id"] = d.ParentId.ToString(c);
        map["flags"] = d.Flags;
        map["hashed"] = d.Hashed ? "true" : "false";
        map["in_lookup"] = d.InLookup ? "true" : "false";
        map["positive"] = d.Positive ? "true" : "false";
        map["refcount"] = d.RefCount.ToString(c);
        map["seq"] = d.Seq.ToString(c);
        if (d.InLookupOwner is not null)
            map["in_lookup_owner"] = d.InLookupOwner;
        return map;
    }
}
