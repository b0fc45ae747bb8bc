// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Statistics;

/// <summary>
/// Holm's step-down adjustment of p-values for a family of tests (Holm 1979): sort the m finite
/// p-values ascending, multiply the i-th smallest (1-based) by m − i + 1, carry the running
/// maximum upward and cap at 1. It controls the family-wise error rate without assuming
/// independence. NaN p-values (no test) stay NaN and do not count in m.
/// </summary>
public static class HolmAdjustment
{
    /// <summary>The adjusted p-values, in the order of <paramref name="pValues"/>.</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        double[] adjusted = new double[pValues.Count];
        int[] order = [.. Enumerable.Range(0, pValues.Count).Where(i => !double.IsNaN(pValues[i])).OrderBy(i => pValues[i])];
        int m = order.Length;
        double running = 0;
        for (int rank = 0; rank < m; rank++)
        {
            int i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        for (int i = 0; i < adjusted.Length; i++)
        {
            if (double.IsNaN(pValues[i]))
                adjusted[i] = double.NaN;
        }
        return adjusted;
    }
}
