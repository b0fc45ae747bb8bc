// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Compare;

/// <summary>
/// Adds cumulative per-patch timelines of several runs on a common "seconds since start" axis:
/// at every sample time of any run, each run contributes its last sample at or before that time
/// (a step function), so the sum stays cumulative and never decreases.
/// </summary>
internal static class TimelineMerger
{
    public static IReadOnlyList<TimelineSample>? Merge(IReadOnlyList<RunReport> reports)
    {
        if (reports.All(r => r.Timeline is null or { Count: 0 }))
        {
            return null;
        }

        if (reports.Count == 1)
        {
            return reports[0].Timeline;
        }

        var merged = new List<TimelineSample>();
        string[] patches = [.. reports.SelectMany(r => r.Timeline ?? []).Select(s => s.Patch).Distinct(StringComparer.Ordinal)];
        foreach (string patch in patches)
        {
            TimelineSample[][] series = [.. reports.Select(r => (r.Timeline ?? [])
                .Where(s => s.Patch == patch).OrderBy(s => s.TSeconds).ToArray())];
            double[] times = [.. series.SelectMany(s => s).Select(s => s.TSeconds).Distinct().Order()];
            int[] next = new int[series.Length];
            foreach (double t in times)
            {
                long ops = 0;
                long hits = 0;
                for (int i = 0; i < series.Length; i++)
                {
                    while (next[i] < series[i].Length && series[i][next[i]].TSeconds <= t)
                    {
                        next[i]++;
                    }

                    if (next[i] > 0)
                    {
                        ops += series[i][next[i] - 1].Ops;
                        hits += series[i][next[i] - 1].Hits;
                    }
                }

                merged.Add(new TimelineSample { TSeconds = t, Patch = patch, Ops = ops, Hits = hits });
            }
        }

        return [.. merged.OrderBy(s => s.TSeconds)];
    }
}
