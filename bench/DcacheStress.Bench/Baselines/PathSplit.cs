// SPDX-License-Identifier: GPL-2.0-only
using System.Runtime.CompilerServices;

namespace DcacheStress.Bench.Baselines;

/// <summary>
/// Component iteration over a path buffer as <c>link_path_walk</c> does it: skip slashes, a
/// component runs to the next '/' or the end. Shared by the baselines so that their walks do the
/// same per-component work as the port's, minus the dcache.
/// </summary>
internal static class PathSplit
{
    /// <summary>
    /// Next component of <paramref name="path"/> at or after <paramref name="pos"/>: its start and
    /// length; false when only slashes remain. <paramref name="pos"/> moves past the component.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Next(ReadOnlySpan<byte> path, ref int pos, out int start, out int len)
    {
        int p = pos;
        while (p < path.Length && path[p] == (byte)'/')
            p++;
        start = p;
        if (p == path.Length)
        {
            len = 0;
            pos = p;
            return false;
        }
        int slash = path.Slice(p).IndexOf((byte)'/');
        len = slash < 0 ? path.Length - p : slash;
        pos = p + len;
        return true;
    }

    /// <summary>True when nothing but slashes follows <paramref name="pos"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AtEnd(ReadOnlySpan<byte> path, int pos)
    {
        for (int p = pos; p < path.Length; p++)
        {
            if (path[p] != (byte)'/')
                return false;
        }
        return true;
    }
}
