// SPDX-License-Identifier: GPL-2.0-only
// The slice of struct task_struct (`current`) the harness needs: identity, a trace ring, an RNG.
using System.Runtime.CompilerServices;

namespace DcacheStress.Kernel;

/// <summary>
/// <c>current</c>: one per OS thread that runs ported code. Holds the thread's name, its
/// last-events ring for crash records, the seeded random state that race-window delays draw from,
/// and a few counters the ported VFS bumps (seqcount retries). Nothing here is shared between
/// threads on the hot path.
/// </summary>
public sealed class task_struct
{
    [ThreadStatic] private static task_struct? t_current;
    private static int s_next_pid;

    /// <summary><c>pid</c>.</summary>
    public readonly int pid;

    /// <summary><c>comm</c>: thread name ("w3", "A").</summary>
    public readonly string comm;

    /// <summary>Last events of this thread (crash records).</summary>
    public readonly TraceRing trace;

    /// <summary>xorshift64* state for race-window draws (seeded; 0 is replaced by a constant).</summary>
    public ulong rng
    {
        get => _rng;
        set => _rng = value == 0 ? 0x9E3779B97F4A7C15UL : value;
    }

    private ulong _rng;

    /// <summary>
    /// <c>wchan</c>: where the task is blocked or spinning right now (set only on slow paths:
    /// contended locks, d_wait_lookup), null while running. What a watchdog reports for a stuck thread.
    /// </summary>
    public volatile string? wchan;

    /// <summary>RCU-walk seqcount retries seen by this task (a lookup restarted or fell back).</summary>
    public long seq_retries;

    /// <summary>The controlled scheduler that runs this task (explore mode); null: the OS schedules it.</summary>
    public IControlledScheduler? scheduler;

    /// <summary>Path lookups (components resolved through <c>__d_lookup_rcu</c>) by this task.</summary>
    public long lookups;

    /// <summary>Create a task; <paramref name="seed"/> seeds its race-window RNG.</summary>
    public task_struct(string comm, ulong seed, int traceCapacity = TraceRing.DefaultCapacity)
    {
        pid = Interlocked.Increment(ref s_next_pid);
        this.comm = comm;
        trace = new TraceRing(traceCapacity);
        rng = seed;
    }

    /// <summary><c>current</c>: the calling thread's task (made on first use if the thread never set one).</summary>
    public static task_struct current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_current ?? make_current();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static task_struct make_current() =>
        t_current = new task_struct(Thread.CurrentThread.Name ?? $"t{Environment.CurrentManagedThreadId}",
            (ulong)Environment.CurrentManagedThreadId * 0x2545F4914F6CDD1DUL);

    /// <summary>Install <paramref name="task"/> as the calling thread's <c>current</c>.</summary>
    public static void set_current_task(task_struct task) => t_current = task;

    /// <summary>Next random 64-bit value (xorshift64*).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong next_random()
    {
        ulong x = _rng;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        _rng = x;
        return x * 0x2545F4914F6CDD1DUL;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{comm}[{pid}]";
}
