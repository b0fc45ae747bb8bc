// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;

namespace DcacheStress.Bench;

/// <summary>
/// The <c>check</c> verb (used by run-bench.sh): every BenchmarkDotNet full-JSON result file given
/// must list at least one benchmark, and every benchmark must have statistics (a failed one, shown
/// as NA in the tables, has none). BenchmarkDotNet exits 0 either way, so this is the gate.
/// </summary>
internal static class CheckCommand
{
    /// <summary>0 all good, 1 a file is missing, empty, unreadable or holds an NA benchmark, 2 usage.</summary>
    public static int Run(string[] files, TextWriter stdout, TextWriter stderr)
    {
        if (files.Length == 0)
        {
            stderr.WriteLine("usage: DcacheStress.Bench check RESULT-full.json...");
            return 2;
        }
        int bad = 0, total = 0;
        foreach (string file in files)
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(file));
                if (!doc.RootElement.TryGetProperty("Benchmarks", out JsonElement list) || list.GetArrayLength() == 0)
                {
                    stderr.WriteLine($"check: {file}: no benchmarks");
                    bad++;
                    continue;
                }
                foreach (JsonElement b in list.EnumerateArray())
                {
                    total++;
                    string name = b.TryGetProperty("FullName", out JsonElement n) ? n.GetString() ?? "?" : "?";
                    if (!b.TryGetProperty("Statistics", out JsonElement st) || st.ValueKind != JsonValueKind.Object
                        || !st.TryGetProperty("Mean", out JsonElement mean) || mean.ValueKind != JsonValueKind.Number
                        || !double.IsFinite(mean.GetDouble()))
                    {
                        stderr.WriteLine($"check: {file}: {name}: NA (no result)");
                        bad++;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                stderr.WriteLine($"check: {file}: {e.Message}");
                bad++;
            }
        }
        if (bad > 0)
            return 1;
        stdout.WriteLine($"check: {total} benchmark result(s) in {files.Length} file(s), none NA");
        return 0;
    }
}
