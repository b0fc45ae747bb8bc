// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload;

/// <summary>
/// racer's file_list.sh starts ten <c>ls -R $DIR/</c> at once (<c>&amp;</c> ×10, <c>wait</c>,
/// <c>sleep 1</c>): the listings walk the same names at the same moment. A worker that draws
/// <see cref="OpKind.ListR"/> starts a burst; the next <see cref="Size"/> − 1 ops other workers draw
/// (at most one per worker, while the burst is open) become <c>ls -R</c> too. One interlocked
/// read per op when no burst is open; racer only.
/// </summary>
public sealed class ListBurst
{
    /// <summary><c>ls -R</c> per burst (file_list.sh).</summary>
    public const int Size = 10;

    private readonly int _joiners;
    private int _pending;

    /// <summary>A burst source for <paramref name="threads"/> workers (a burst recruits at most threads − 1).</summary>
    public ListBurst(int threads) => _joiners = Math.Clamp(threads - 1, 0, Size - 1);

    /// <summary>Bursts started.</summary>
    public long Started => Volatile.Read(ref _started);

    private long _started;

    /// <summary>The calling worker runs the burst's first <c>ls -R</c>: open the other places.</summary>
    public void Start()
    {
        Interlocked.Increment(ref _started);
        Volatile.Write(ref _pending, _joiners);
    }

    /// <summary>True when the calling worker takes a place in the open burst.</summary>
    public bool TryJoin()
    {
        int p = Volatile.Read(ref _pending);
        while (p > 0)
        {
            int seen = Interlocked.CompareExchange(ref _pending, p - 1, p);
            if (seen == p)
                return true;
            p = seen;
        }
        return false;
    }
}
