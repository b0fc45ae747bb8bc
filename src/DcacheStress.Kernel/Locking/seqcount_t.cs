// SPDX-License-Identifier: GPL-2.0-only
// seqcount_t, ported from include/linux/seqlock.h (Linux v4.7).
using System.Runtime.CompilerServices;

namespace DcacheStress.Kernel.Locking;

/// <summary>
/// <c>seqcount_t</c>: a sequence counter that is odd while a writer is inside its section.
/// Writers serialise among themselves with some other lock (for <c>d_seq</c>: <c>d_lock</c>).
/// Readers sample it, read the protected data with <c>Volatile</c> loads, and retry if it moved.
/// <para>A mutable struct: it must live in a non-readonly field and be used by ref.</para>
/// </summary>
public struct seqcount_t
{
    private uint _sequence;

    /// <summary>Current raw value (tests and fsck).</summary>
    public readonly uint sequence => Volatile.Read(in _sequence);

    /// <summary>
    /// <c>raw_seqcount_begin()</c>: READ_ONCE + smp_rmb, low bit masked, never waits. A writer that is
    /// active now makes the later retry fail because the masked value cannot equal an odd one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly uint raw_seqcount_begin()
    {
        SchedHooks.Point(SchedPoint.read_seqcount_begin);
        // Volatile.Read is an acquire load: the protected loads that follow cannot move above it
        // (the smp_rmb of raw_seqcount_begin). Pairs with the release in raw_write_seqcount_end.
        uint ret = Volatile.Read(in _sequence);
        barrier.smp_rmb();
        return ret & ~1u;
    }

    /// <summary><c>__read_seqcount_begin()</c>: waits while a writer is active; no barrier.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly uint __read_seqcount_begin()
    {
        SchedHooks.Point(SchedPoint.read_seqcount_begin);
        uint ret = Volatile.Read(in _sequence);
        if ((ret & 1) != 0)
            ret = __read_seqcount_begin_slow();
        return ret;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly uint __read_seqcount_begin_slow()
    {
        uint ret;
        if (SchedHooks.Controller() is { } controller)
        {
            // Explore: the writer must run to leave its section; wait for its release.
            while (((ret = Volatile.Read(in _sequence)) & 1) != 0)
                controller.Block(SchedPoint.read_seqcount_begin);
            return ret;
        }
        var spinner = new SpinWait();
        while (((ret = Volatile.Read(in _sequence)) & 1) != 0)
            spinner.SpinOnce(sleep1Threshold: -1); // cpu_relax(); a preempted writer needs the CPU back
        return ret;
    }

    /// <summary><c>read_seqcount_begin()</c> / <c>raw_read_seqcount_begin()</c>: wait for even, then smp_rmb.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly uint read_seqcount_begin()
    {
        uint ret = __read_seqcount_begin();
        barrier.smp_rmb(); // protected loads stay after the sample; pairs with smp_wmb in write_seqcount_begin
        return ret;
    }

    /// <summary><c>__read_seqcount_retry()</c>: true when the count moved; no barrier of its own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool __read_seqcount_retry(uint start) => Volatile.Read(in _sequence) != start;

    /// <summary>
    /// <c>read_seqcount_retry()</c>: smp_rmb then compare. The smp_rmb keeps the protected loads the
    /// caller made (all Volatile reads) before this re-read; pairs with the smp_wmb in the writer's
    /// begin/invalidate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool read_seqcount_retry(uint start)
    {
        SchedHooks.Point(SchedPoint.read_seqcount_retry);
        barrier.smp_rmb();
        return __read_seqcount_retry(start);
    }

    /// <summary><c>raw_write_seqcount_begin()</c>: seq++ (now odd), then smp_wmb.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void raw_write_seqcount_begin()
    {
        SchedHooks.Point(SchedPoint.write_seqcount_begin);
        Volatile.Write(ref _sequence, _sequence + 1);
        // smp_wmb: the odd count is visible before any protected store. Pairs with the smp_rmb
        // in read_seqcount_retry (readers that saw a new value will see the odd/next count).
        barrier.smp_wmb();
    }

    /// <summary><c>raw_write_seqcount_end()</c>: smp_wmb, then seq++ (even again).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void raw_write_seqcount_end()
    {
        barrier.smp_wmb();
        // Store-release: every protected store is visible before the even count.
        // Pairs with the acquire in raw_seqcount_begin / read_seqcount_begin.
        Volatile.Write(ref _sequence, _sequence + 1);
        SchedHooks.Point(SchedPoint.write_seqcount_end); // explore: a release; waiting readers may go on
    }

    /// <summary><c>write_seqcount_begin()</c> (lockdep omitted).</summary>
    public void write_seqcount_begin() => raw_write_seqcount_begin();

    /// <summary><c>write_seqcount_end()</c> (lockdep omitted).</summary>
    public void write_seqcount_end() => raw_write_seqcount_end();

    /// <summary>
    /// <c>write_seqcount_invalidate()</c>: smp_wmb, then seq += 2. Readers that sampled before fail
    /// their retry; the count never becomes odd, so nobody waits.
    /// </summary>
    public void write_seqcount_invalidate()
    {
        barrier.smp_wmb();
        Volatile.Write(ref _sequence, _sequence + 2); // release: pairs with readers' retry re-read
        SchedHooks.Point(SchedPoint.write_seqcount_end);
    }
}
