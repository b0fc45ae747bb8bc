// SPDX-License-Identifier: GPL-2.0-only
// BUG_ON()/WARN_ON() turned into named, counted invariant sites (design.md §1).
using System.Runtime.CompilerServices;

namespace DcacheStress.Kernel;

/// <summary>
/// The invariant sites of one dcache instance. <see cref="On"/> returns the condition so that the
/// ported code reads <c>if (bug.On(Invariant.d_rehash_hashed, !d_unhashed(e), e)) { safe way out }</c>:
/// the hit is counted, reported to the sink, and the caller then skips the corrupting step so the
/// run goes on with consistent structures. Counters are a small array updated with Interlocked:
/// hits are rare next to operations, so sharing those lines is cheap.
/// </summary>
public sealed class Bug
{
    private readonly long[] _hits = new long[InvariantInfo.Count];
    private readonly long[] _observations = new long[InvariantInfo.ObservationCount];
    private volatile bool _stopRequested;

    /// <summary>Where hits go (crash records); null = count only.</summary>
    public IInvariantSink? Sink { get; set; }

    /// <summary>End the run at the first hit (the safe way out is still taken).</summary>
    public bool StopOnFirstHit { get; set; }

    /// <summary>Master switch for tests that prove detection matters: when false nothing is counted.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Set once a hit happened while <see cref="StopOnFirstHit"/> was on.</summary>
    public bool StopRequested => _stopRequested;

    /// <summary>Raised (on the hitting thread) the first time a stop is requested.</summary>
    public event Action? Stop;

    /// <summary>Check one site: count and report when <paramref name="condition"/> holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool On(Invariant inv, bool condition, dentry? d)
    {
        if (condition && Enabled)
            Hit(inv, d);
        return condition;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Hit(Invariant inv, dentry? d)
    {
        Interlocked.Increment(ref _hits[(int)inv]);
        var task = task_struct.current;
        task.trace.add(TraceEvent.invariant_hit, d?.d_id ?? 0, (int)inv);
        Sink?.OnHit(inv, d, task);
        if (StopOnFirstHit && !_stopRequested)
        {
            _stopRequested = true;
            Stop?.Invoke();
        }
    }

    /// <summary>Count one observation (not a bug).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Observe(Observation obs) => Interlocked.Increment(ref _observations[(int)obs]);

    /// <summary>Add counts carried over from a checkpoint (no sink, no stop): a resumed run's totals.</summary>
    public void Carry(Invariant inv, long hits) => Interlocked.Add(ref _hits[(int)inv], hits);

    /// <summary>Add observation counts carried over from a checkpoint.</summary>
    public void Carry(Observation obs, long n) => Interlocked.Add(ref _observations[(int)obs], n);

    /// <summary>Hits so far for <paramref name="inv"/>.</summary>
    public long Hits(Invariant inv) => Volatile.Read(ref _hits[(int)inv]);

    /// <summary>Observations so far for <paramref name="obs"/>.</summary>
    public long Observed(Observation obs) => Volatile.Read(ref _observations[(int)obs]);

    /// <summary>All invariant hits.</summary>
    public long TotalHits
    {
        get
        {
            long n = 0;
            for (int i = 0; i < _hits.Length; i++)
                n += Volatile.Read(ref _hits[i]);
            return n;
        }
    }

    /// <summary>Non-zero hit counts by stable name.</summary>
    public SortedList<string, long> HitsByName()
    {
        var map = new SortedList<string, long>(StringComparer.Ordinal);
        foreach (var inv in InvariantInfo.All)
        {
            long n = Hits(inv);
            if (n != 0)
                map[InvariantInfo.Name(inv)] = n;
        }
        return map;
    }

    /// <summary>Non-zero observation counts by stable name.</summary>
    public SortedList<string, long> ObservationsByName()
    {
        var map = new SortedList<string, long>(StringComparer.Ordinal);
        foreach (var obs in InvariantInfo.AllObservations)
        {
            long n = Observed(obs);
            if (n != 0)
                map[InvariantInfo.Name(obs)] = n;
        }
        return map;
    }
}
