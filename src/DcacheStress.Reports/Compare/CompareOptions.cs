// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Compare;

/// <summary>Options of <c>compare</c>.</summary>
public sealed record CompareOptions
{
    /// <summary>Merge reports whose settings differ (with warnings).</summary>
    public bool Force { get; init; }

    /// <summary>Merge a fleet with missing tasks (with a warning) instead of refusing.</summary>
    public bool AllowPartial { get; init; }

    /// <summary>Keep groups apart instead of pooling (build, host, file, label:KEY); null pools every report of a patch.</summary>
    public string? By { get; init; }

    /// <summary>Also write report.json/md/html of the merged report here.</summary>
    public string? OutDir { get; init; }

    /// <summary>Which pairs get a verdict (<c>--baseline PATCH</c>, <c>--all-pairs</c>); null: the reports' choice.</summary>
    public Statistics.PairSelection? Pairs { get; init; }
}
