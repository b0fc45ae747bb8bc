// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text.Json;

namespace DcacheStress.Service.Crash;

/// <summary>
/// The fields Drokin read from his crash dumps (LKML 2016-07-04/05), tallied over crash records:
/// <c>d_flags</c>, whether the dentry was hashed, positive, in-lookup (DCACHE_PAR_LOOKUP), and
/// which user program the hitting thread was running (its last <c>op_begin</c> event). Reads the
/// JSON as written (snake_case), so records of older runs load as long as they have these keys.
/// </summary>
public sealed class CrashFieldStats
{
    /// <summary>DCACHE_PAR_LOOKUP.</summary>
    public const uint DCACHE_PAR_LOOKUP = 0x10000000;

    /// <summary>The d_flags value of Drokin's dumps: 140 = 0x8c (RCUACCESS|OP_DELETE|OP_REVALIDATE, negative).</summary>
    public const uint DrokinFlags = 0x8c;

    private readonly List<Row> _rows = [];

    /// <summary>One record's fields.</summary>
    public sealed record Row(string File, string Invariant, string Patch, uint Flags, bool Hashed, bool Positive, bool InLookup, string Op);

    /// <summary>Records read.</summary>
    public IReadOnlyList<Row> Rows => _rows;

    /// <summary>
    /// Read every <c>crash-*.json</c> under <paramref name="dirs"/> (recursively) whose invariant is
    /// in <paramref name="invariants"/> (all when empty) and whose patch is <paramref name="patch"/>
    /// (any when null). Records without a dentry are skipped.
    /// </summary>
    public static CrashFieldStats Load(IEnumerable<string> dirs, IReadOnlyCollection<string> invariants, string? patch)
    {
        var stats = new CrashFieldStats();
        foreach (string dir in dirs)
        {
            foreach (string file in Directory.EnumerateFiles(dir, "crash-*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                Row? row = Parse(file, File.ReadAllText(file));
                if (row is null || (invariants.Count > 0 && !invariants.Contains(row.Invariant)) || (patch is not null && row.Patch != patch))
                    continue;
                stats._rows.Add(row);
            }
        }
        return stats;
    }

    /// <summary>One record's fields, or null when it names no dentry.</summary>
    public static Row? Parse(string file, string json)
    {
        using var doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        if (!root.TryGetProperty("dentry", out JsonElement d) || d.ValueKind != JsonValueKind.Object)
            return null;
        string flags = d.GetProperty("flags").GetString() ?? "0";
        uint f = uint.Parse(flags.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? flags[2..] : flags, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return new Row(Path.GetFileName(file), root.GetProperty("invariant").GetString() ?? "", root.GetProperty("patch").GetString() ?? "",
            f, d.GetProperty("hashed").GetBoolean(), d.GetProperty("positive").GetBoolean(), d.GetProperty("in_lookup").GetBoolean(),
            LastOp(root));
    }

    /// <summary>The hitting thread's (the first thread's) last <c>op_begin</c>: <c>ls_r/opendir</c>, or "?".</summary>
    private static string LastOp(JsonElement root)
    {
        if (!root.TryGetProperty("threads", out JsonElement threads) || threads.GetArrayLength() == 0)
            return "?";
        string op = "?";
        foreach (JsonElement e in threads[0].GetProperty("events").EnumerateArray())
        {
            string line = e.GetString() ?? "";
            int at = line.IndexOf(" op_begin ", StringComparison.Ordinal);
            if (at < 0)
                continue;
            string[] parts = line[(at + 10)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2)
                op = parts[1];
        }
        return op;
    }

    /// <summary>The program part of an op (<c>ls_r</c> of <c>ls_r/opendir</c>).</summary>
    public static string Program(string op) => op.Split('/')[0];

    /// <summary>
    /// `ls` as Drokin meant it: a readdir-driven program (<c>ls_r</c>, <c>readdir</c>), or
    /// <c>rm_rf</c>'s getdents walk.
    /// </summary>
    public static bool IsReaddirDriven(string op) => Program(op) is "ls_r" or "readdir" or "rm_rf";

    /// <summary>Share of rows for which <paramref name="pred"/> holds (0 with no rows).</summary>
    public double Share(Func<Row, bool> pred) => _rows.Count == 0 ? 0 : _rows.Count(pred) / (double)_rows.Count;

    /// <summary>A Markdown table: one line per field, Drokin's observation beside the harness's fraction.</summary>
    public void WriteTable(TextWriter w)
    {
        int n = _rows.Count;
        string Pct(Func<Row, bool> p) => n == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{_rows.Count(p)}/{n} ({100.0 * Share(p):F0}%)");
        w.WriteLine($"records: {n} ({string.Join(", ", _rows.GroupBy(r => r.Invariant).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))})");
        w.WriteLine();
        w.WriteLine("| field | Drokin's dumps (Viro's tentative patch) | these records |");
        w.WriteLine("|---|---|---|");
        w.WriteLine($"| d_flags = 0x8c (140) | all | {Pct(r => r.Flags == DrokinFlags)} |");
        w.WriteLine($"| DCACHE_PAR_LOOKUP clear | all | {Pct(r => (r.Flags & DCACHE_PAR_LOOKUP) == 0 && !r.InLookup)} |");
        w.WriteLine($"| unhashed when recorded | some | {Pct(r => !r.Hashed)} |");
        w.WriteLine($"| positive | some | {Pct(r => r.Positive)} |");
        w.WriteLine($"| hitting thread in a readdir-driven program (ls -R, ls, rm -rf) | all (\"it is ls that is crashing\") | {Pct(r => IsReaddirDriven(r.Op))} |");
        w.WriteLine();
        w.WriteLine("| d_flags | records |");
        w.WriteLine("|---|---|");
        foreach (var g in _rows.GroupBy(r => r.Flags).OrderByDescending(g => g.Count()).ThenBy(g => g.Key))
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| 0x{g.Key:x} ({g.Key}) | {g.Count()} |"));
        w.WriteLine();
        w.WriteLine("| hitting thread's op/call | records |");
        w.WriteLine("|---|---|");
        foreach (var g in _rows.GroupBy(r => r.Op).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
            w.WriteLine($"| {g.Key} | {g.Count()} |");
    }
}
