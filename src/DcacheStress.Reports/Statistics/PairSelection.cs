// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Statistics;

/// <summary>
/// Which pairs of patches get a verdict: every patch against one baseline (the default: the first
/// patch the report marks expected clean), or every pair on request or when the report does not
/// say which patches are expected clean (older reports, patches renamed by compare --by). The
/// choice of a run is stored in report.json (<c>options.verdict_baseline</c>,
/// <c>options.verdict_all_pairs</c>), so that every report written from it shows the same pairs.
/// </summary>
/// <param name="Baseline">The baseline patch; null: the default one.</param>
/// <param name="AllPairs">Every pair instead of the baseline's.</param>
public sealed record PairSelection(string? Baseline = null, bool AllPairs = false)
{
    /// <summary>report.json options key of the baseline.</summary>
    public const string BaselineKey = "verdict_baseline";

    /// <summary>report.json options key of the all-pairs choice.</summary>
    public const string AllPairsKey = "verdict_all_pairs";

    /// <summary>report.json options key of the expected-clean map (patch → bool) written by the service.</summary>
    public const string ExpectedCleanKey = "expected_clean";

    /// <summary>The selection stored in <paramref name="report"/> (the default when none is).</summary>
    public static PairSelection FromReport(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Dictionary<string, JsonElement>? other = report.Options?.Other;
        string? baseline = other is not null && other.TryGetValue(BaselineKey, out JsonElement b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
        bool all = other is not null && other.TryGetValue(AllPairsKey, out JsonElement a) && a.ValueKind == JsonValueKind.True;
        return new PairSelection(baseline, all);
    }

    /// <summary>The baseline in <paramref name="report"/>: the given one, else the first expected-clean patch; null: every pair.</summary>
    public string? ResolveBaseline(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (Baseline is not null)
            return Baseline;
        Dictionary<string, JsonElement>? other = report.Options?.Other;
        if (other is not null && other.TryGetValue(ExpectedCleanKey, out JsonElement clean) && clean.ValueKind == JsonValueKind.Object)
        {
            foreach (PatchResult p in report.Patches)
            {
                if (clean.TryGetProperty(p.Name, out JsonElement v) && v.ValueKind == JsonValueKind.True)
                    return p.Name;
            }
        }
        return null;
    }
}
