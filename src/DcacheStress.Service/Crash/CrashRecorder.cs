// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using System.Threading.Channels;
using DcacheStress.Kernel;
using DcacheStress.Workload;

namespace DcacheStress.Service.Crash;

/// <summary>
/// The engine's hit listener. On the hitting worker thread it keeps the time of the patch's last
/// hit and, for the first <see cref="KeepPerPair"/> hits of each (patch, invariant), captures the
/// dentry state and every worker's last events and hands the record to a bounded channel with
/// <c>TryWrite</c>: a worker never blocks; a full channel counts a drop. The rest of the hits are
/// counted by the dcache's own counters and not recorded. Crashes (a boot's first kernel-BUG-class
/// hit) have their own quota per (patch, invariant), so that the hits after a crash never use up
/// the records of the next crashes.
/// </summary>
public sealed class CrashRecorder : IHitListener
{
    /// <summary>Records kept per (patch, invariant).</summary>
    public const int KeepPerPair = 3;

    /// <summary>Capacity of the channel to the writer.</summary>
    public const int ChannelCapacity = 64;

    private readonly StressEngine _engine;
    private readonly PatchTarget[] _targets;
    private readonly int[] _taken;               // [patch * InvariantInfo.Count + invariant]: records started
    private readonly int[] _takenCrash;          // the same, for crashes
    private readonly long[] _lastHitUnixMs;      // [patch]
    private readonly Channel<CrashRecord> _channel;
    private long _dropped;

    /// <summary>Listen to <paramref name="engine"/>'s hits (sets its <see cref="StressEngine.HitListener"/>).</summary>
    public CrashRecorder(StressEngine engine)
    {
        _engine = engine;
        _targets = [.. engine.Targets];
        _taken = new int[_targets.Length * InvariantInfo.Count];
        _takenCrash = new int[_targets.Length * InvariantInfo.Count];
        _lastHitUnixMs = new long[_targets.Length];
        _channel = Channel.CreateBounded<CrashRecord>(new BoundedChannelOptions(ChannelCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait, // only TryWrite is used: full = false = a counted drop
        });
        engine.HitListener = this;
    }

    /// <summary>The records, for the writer.</summary>
    public ChannelReader<CrashRecord> Reader => _channel.Reader;

    /// <summary>Records lost to a full channel.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Records captured (written or dropped).</summary>
    public long Captured
    {
        get
        {
            long n = 0;
            foreach (int t in _taken)
                n += Math.Min(t, KeepPerPair);
            foreach (int t in _takenCrash)
                n += Math.Min(t, KeepPerPair);
            return n;
        }
    }

    /// <summary>Unix time (seconds) of the last hit of target <paramref name="index"/>; 0 when none.</summary>
    public double LastHitUnixSeconds(int index) => Volatile.Read(ref _lastHitUnixMs[index]) / 1000.0;

    /// <summary>No more records (the run is over).</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <inheritdoc/>
    public void OnHit(PatchTarget target, Invariant inv, dentry? d, task_struct task, double activeSeconds) =>
        OnHit(target, inv, d, task, activeSeconds, null, 0);

    /// <inheritdoc/>
    public void OnHit(PatchTarget target, Invariant inv, dentry? d, task_struct task, double activeSeconds, HitClass hitClass, int boot) =>
        OnHit(target, inv, d, task, activeSeconds, (HitClass?)hitClass, boot);

    private void OnHit(PatchTarget target, Invariant inv, dentry? d, task_struct task, double activeSeconds, HitClass? hitClass, int boot)
    {
        long hitTicks = Stopwatch.GetTimestamp();
        int p = IndexOf(target);
        if (p < 0)
            return;
        Volatile.Write(ref _lastHitUnixMs[p], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        int[] quota = hitClass == HitClass.Crash ? _takenCrash : _taken;
        if (Interlocked.Increment(ref quota[p * InvariantInfo.Count + (int)inv]) > KeepPerPair)
            return;
        CrashRecord record = Capture(target, inv, d, task, activeSeconds, hitTicks, hitClass, boot);
        if (!_channel.Writer.TryWrite(record))
            Interlocked.Increment(ref _dropped);
    }

    private int IndexOf(PatchTarget target)
    {
        for (int i = 0; i < _targets.Length; i++)
        {
            if (ReferenceEquals(_targets[i], target))
                return i;
        }
        return -1;
    }

    private CrashRecord Capture(PatchTarget target, Invariant inv, dentry? d, task_struct task, double activeSeconds, long hitTicks, HitClass? hitClass, int boot)
    {
        CrashDentry? dentry = null;
        if (d is not null)
        {
            DentryState s = DentryState.Capture(d);
            dentry = new CrashDentry
            {
                Id = s.Id,
                Path = s.Path,
                Name = s.Name,
                ParentId = s.ParentId,
                Flags = s.FlagsHex,
                Hashed = s.Hashed,
                InLookup = s.InLookup,
                Positive = s.Positive,
                RefCount = s.RefCount,
                Seq = s.Seq,
                InLookupOwner = s.InLookupOwner,
            };
        }

        // The hitting thread first, then every other worker. Other threads keep running: their
        // rings are copied below their published index (TraceRing.snapshot), which is what a
        // crash dump of a live machine shows too.
        var threads = new List<CrashThreadEvents> { Events(task, hitTicks) };
        int index = -1;
        IReadOnlyList<task_struct?> tasks = _engine.Tasks;
        for (int i = 0; i < tasks.Count; i++)
        {
            task_struct? t = tasks[i];
            if (t is null)
                continue;
            if (ReferenceEquals(t, task))
                index = i;
            else
                threads.Add(Events(t, hitTicks));
        }

        return new CrashRecord
        {
            Invariant = InvariantInfo.Name(inv),
            Kind = KindName(InvariantInfo.Kind(inv)),
            HitClass = hitClass is HitClass c ? HitClassName(c) : null,
            Boot = boot,
            Description = InvariantInfo.Describe(inv),
            Patch = target.Patch.Name,
            PatchExpectedClean = target.Patch.ExpectedClean,
            Thread = task.comm,
            ThreadIndex = index,
            Pid = task.pid,
            TimeUtc = DateTimeOffset.UtcNow,
            ActiveSeconds = activeSeconds,
            RunSeconds = _engine.Elapsed.TotalSeconds,
            Round = _engine.RoundIndex,
            Seed = _engine.Options.Seed,
            Dentry = dentry,
            EventsNote = $"last {TraceRing.DefaultCapacity} events per worker thread, oldest first; t is relative to the hit (negative = before it); the hitting thread comes first",
            Threads = threads,
        };
    }

    private static CrashThreadEvents Events(task_struct t, long originTicks) =>
        new() { Thread = t.comm, Events = t.trace.snapshot(t.comm, originTicks, FormatArg) };

    /// <summary>Names for the event arguments that are enum values; other arguments stay numbers.</summary>
    internal static string FormatArg(TraceEvent kind, int arg) => kind switch
    {
        TraceEvent.invariant_hit when arg >= 0 && arg < InvariantInfo.Count => InvariantInfo.Name((Invariant)arg),
        TraceEvent.race_window when arg >= 0 && arg < RaceSites.Count => RaceSites.Name((RaceSite)arg),
        TraceEvent.op_begin => DcacheStress.Workload.OpTrace.Name(arg),
        _ => arg.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>snake_case name of a hit class (crash records, report.json).</summary>
    public static string HitClassName(HitClass c) => c switch
    {
        HitClass.Crash => "crash",
        HitClass.RootCause => "root_cause",
        HitClass.PortCheck => "port_check",
        _ => "after_crash",
    };

    /// <summary>snake_case name of an invariant kind.</summary>
    public static string KindName(InvariantKind kind) => kind switch
    {
        InvariantKind.KernelBug => "kernel_bug",
        InvariantKind.RootCause => "root_cause",
        _ => "port_check",
    };
}
