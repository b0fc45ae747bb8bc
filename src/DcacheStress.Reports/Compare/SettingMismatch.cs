// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Compare;

/// <summary>A run setting whose value differs between reports, with the files of each value.</summary>
public sealed record SettingMismatch(string Setting, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> FilesByValue)
{
    /// <summary>e.g. <c>workload differs: racer in a/report.json; open-storm in b/report.json</c>.</summary>
    public string Describe() =>
        $"{Setting} differs: " + string.Join("; ", FilesByValue.Select(v => $"{v.Key} in {string.Join(", ", v.Value)}"));
}
