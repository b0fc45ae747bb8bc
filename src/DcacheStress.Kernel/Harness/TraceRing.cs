// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace DcacheStress.Kernel;

/// <summary>
/// The last K events of one thread, written only by that thread (no synchronisation on the hot
/// path). A reader on another thread gets a best-effort copy: good enough for a crash record,
/// like a crash dump's view of other CPUs.
/// </summary>
public sealed class TraceRing
{
    /// <summary>Default K.</summary>
    public const int DefaultCapacity = 64;

    private readonly long[] _ticks;
    private readonly TraceEvent[] _kind;
    private readonly long[] _dentry;
    private readonly int[] _arg;
    private readonly int _mask;
    private long _next;

    /// <summary>Capacity rounded up to a power of two.</summary>
    public TraceRing(int capacity)
    {
        int n = 1;
        while (n < Math.Max(2, capacity))
            n <<= 1;
        _ticks = new long[n];
        _kind = new TraceEvent[n];
        _dentry = new long[n];
        _arg = new int[n];
        _mask = n - 1;
    }

    /// <summary>Record an event on the calling (owning) thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void add(TraceEvent kind, long dentryId, int arg)
    {
        long i = _next;
        int slot = (int)(i & _mask);
        _ticks[slot] = Stopwatch.GetTimestamp();
        _kind[slot] = kind;
        _dentry[slot] = dentryId;
        _arg[slot] = arg;
        Volatile.Write(ref _next, i + 1); // readers copy entries below this index
    }

    /// <summary>Copy of the recorded events, oldest first, formatted "t=+12.3us w1 d_add dentry#5 arg".</summary>
    public List<string> snapshot(string comm, long originTicks, Func<TraceEvent, int, string>? argFormat = null)
    {
        long end = Volatile.Read(ref _next);
        long start = Math.Max(0, end - _ticks.Length);
        var list = new List<string>((int)(end - start));
        for (long i = start; i < end; i++)
        {
            int slot = (int)(i & _mask);
            double us = (_ticks[slot] - originTicks) * 1e6 / Stopwatch.Frequency;
            var kind = _kind[slot];
            string arg = argFormat?.Invoke(kind, _arg[slot]) ?? _arg[slot].ToString(System.Globalization.CultureInfo.InvariantCulture);
            list.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"t={us:F1}us {comm} {kind} dentry#{_dentry[slot]} {arg}"));
        }
        return list;
    }

    /// <summary>
    /// Timestamp of the newest <paramref name="kind"/> event still in the ring, or the oldest
    /// entry's when there is none (the ring's horizon). Owner thread only.
    /// </summary>
    public long last_tick(TraceEvent kind)
    {
        long end = _next;
        long start = Math.Max(0, end - _ticks.Length);
        for (long i = end - 1; i >= start; i--)
        {
            int slot = (int)(i & _mask);
            if (_kind[slot] == kind)
                return _ticks[slot];
        }
        return end > start ? _ticks[(int)(start & _mask)] : long.MinValue;
    }

    /// <summary>
    /// Set <c>marks[arg]</c> for every <paramref name="kind"/> event at or after
    /// <paramref name="sinceTicks"/> (args outside <paramref name="marks"/> are skipped). Any
    /// thread: a racing writer can make the copy stale by an entry, as <see cref="snapshot"/>.
    /// </summary>
    public void mark_args_since(TraceEvent kind, long sinceTicks, Span<bool> marks)
    {
        long end = Volatile.Read(ref _next);
        long start = Math.Max(0, end - _ticks.Length);
        for (long i = end - 1; i >= start; i--)
        {
            int slot = (int)(i & _mask);
            if (_ticks[slot] < sinceTicks)
                break;
            int arg = _arg[slot];
            if (_kind[slot] == kind && (uint)arg < (uint)marks.Length)
                marks[arg] = true;
        }
    }

    /// <summary>Events recorded so far.</summary>
    public long count => Volatile.Read(ref _next);
}
