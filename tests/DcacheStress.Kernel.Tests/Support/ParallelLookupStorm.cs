// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using DcacheStress.Kernel.Locking;

namespace DcacheStress.Kernel.Tests.Support;

/// <summary>
/// Many threads calling <c>d_alloc_parallel</c> on the same few (parent, name) pairs, holding the
/// parent shared as <c>lookup_slow</c> does. The thread that gets an in-lookup dentry plays
/// <c>->lookup</c> for a while, then ends it with <c>d_add</c> (negative or positive) or
/// <c>d_lookup_done</c> (error); threads that get a hashed dentry sometimes <c>d_drop</c> it so that
/// new in-lookup rounds start. Checked: at most one in-lookup owner per name at any time, every
/// thread finishes (no waiter left asleep), results name what was asked.
/// </summary>
internal sealed class ParallelLookupStorm
{
    internal sealed record Options
    {
        public int Threads { get; init; } = 6;
        public int Names { get; init; } = 2;
        /// <summary>Run at least this long.</summary>
        public TimeSpan MinDuration { get; init; } = TimeSpan.FromSeconds(2);
        /// <summary>After <see cref="MinDuration"/>, stop as soon as this holds (null: at once).</summary>
        public Func<bool>? StopWhen { get; init; }
        /// <summary>Stop no later than this.</summary>
        public TimeSpan MaxDuration { get; init; } = TimeSpan.FromSeconds(2);
        /// <summary>How long after the end of the run a thread may still take to finish before it counts as stuck.</summary>
        public TimeSpan JoinGrace { get; init; } = TimeSpan.FromSeconds(10);
        /// <summary>The <c>wait_queue_head_t</c> each call passes (the kernel's is on the caller's stack).</summary>
        public Func<wait_queue_head_t> NewQueue { get; init; } = () => new wait_queue_head_t();
        public ulong Seed { get; init; } = 7;
    }

    internal sealed class Result
    {
        public int MaxOwners;
        public long InLookupWins, HashedResults, WrongResults;
        public long Waited;
        public List<string> Stuck { get; } = [];
        public TestThreads? Threads { get; set; }

        public override string ToString() =>
            $"max owners={MaxOwners} in-lookup wins={InLookupWins} hashed results={HashedResults} " +
            $"wrong={WrongResults} waited={Waited} stuck=[{string.Join(", ", Stuck)}]";
    }

    private readonly Options _o;
    private readonly byte[][] _names;
    private readonly ulong[] _hashLens;
    private readonly int[] _owners;

    public ParallelLookupStorm(Options options)
    {
        _o = options;
        Fs = new TestFs();
        Parent = Fs.Mkdir(Fs.Root, "dir");
        _names = new byte[_o.Names][];
        _hashLens = new ulong[_o.Names];
        _owners = new int[_o.Names];
        for (int k = 0; k < _o.Names; k++)
        {
            _names[k] = TestFs.B("p" + k);
            _hashLens[k] = NameHash.hashlen_string(_names[k]);
        }
    }

    public TestFs Fs { get; }

    public dentry Parent { get; }

    public Result Run()
    {
        var r = new Result();
        var sw = Stopwatch.StartNew();
        bool ShouldStop()
        {
            var e = sw.Elapsed;
            return e >= _o.MaxDuration || (e >= _o.MinDuration && (_o.StopWhen?.Invoke() ?? true));
        }

        var threads = TestThreads.Start(_o.Threads, "L", index =>
        {
            var rng = new Random((int)_o.Seed * 101 + index);
            Kernel.Dcache dc = Fs.Dcache;
            inode dir = Parent.inode!;
            while (!ShouldStop())
            {
                int k = rng.Next(_o.Names);
                var q = new qstr(_names[k], _hashLens[k]);
                dir.inode_lock_shared();
                dentry d = dc.d_alloc_parallel(Parent, q, _o.NewQueue());
                if (Kernel.Dcache.d_in_lookup(d))
                {
                    int now = Interlocked.Increment(ref _owners[k]);
                    int max;
                    while (now > (max = Volatile.Read(ref r.MaxOwners)) && Interlocked.CompareExchange(ref r.MaxOwners, now, max) != max)
                    {
                    }
                    Interlocked.Increment(ref r.InLookupWins);
                    // ->lookup: long enough for others to find us in-lookup and sleep on d_wait.
                    if (rng.Next(4) == 0)
                        Thread.Yield();
                    else
                        Thread.SpinWait(rng.Next(400));
                    Interlocked.Decrement(ref _owners[k]); // before anyone can become the next owner
                    switch (rng.Next(3))
                    {
                        case 0:
                            dc.d_add(d, null);
                            break;
                        case 1:
                            dc.d_add(d, Fs.NewFile());
                            break;
                        default:
                            dc.d_lookup_done(d);
                            break;
                    }
                }
                else
                {
                    Interlocked.Increment(ref r.HashedResults);
                    if (!ReferenceEquals(d.parent, Parent) || !d.d_name_name.AsSpan().SequenceEqual(_names[k]))
                        Interlocked.Increment(ref r.WrongResults);
                    if (rng.Next(2) == 0)
                        dc.d_drop(d); // invalidate: the next caller starts a new in-lookup round
                }
                dc.dput(d);
                dir.inode_unlock_shared();
            }
        }, _o.Seed);

        while (!ShouldStop())
            Thread.Sleep(5);
        r.Stuck.AddRange(threads.Join(_o.JoinGrace));
        r.Threads = threads;
        r.Waited = Fs.Bug.Observed(Observation.d_alloc_parallel_waited);
        return r;
    }
}

/// <summary>
/// Test-only broken wait queue: the first <c>wake_up_all</c> that finds a sleeper on any queue made
/// by one <see cref="WakeupDropper"/> wakes nobody (a lost wake-up). The dropper remembers that queue
/// so the test can wake its sleeper afterwards and let the thread exit.
/// </summary>
internal sealed class WakeupDropper
{
    private int _armed = 1;
    private DroppingWaitQueue? _dropped;

    public bool HasDropped => Volatile.Read(ref _dropped) is not null;

    public wait_queue_head_t NewQueue() => new DroppingWaitQueue(this);

    private bool TryDrop(DroppingWaitQueue q)
    {
        if (Interlocked.CompareExchange(ref _armed, 0, 1) != 1)
            return false;
        Volatile.Write(ref _dropped, q);
        return true;
    }

    /// <summary>Deliver the dropped wake-up now.</summary>
    public void Release() => Volatile.Read(ref _dropped)?.ReleaseDropped();

    private sealed class DroppingWaitQueue(WakeupDropper dropper) : wait_queue_head_t
    {
        public override void wake_up_all()
        {
            if (waiters > 0 && dropper.TryDrop(this))
                return; // the bug: the sleeper stays asleep although DCACHE_PAR_LOOKUP is clear
            base.wake_up_all();
        }

        public void ReleaseDropped() => base.wake_up_all();
    }
}
