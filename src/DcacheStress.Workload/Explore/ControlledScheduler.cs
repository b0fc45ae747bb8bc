// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Explore;

/// <summary>
/// Runs the tasks of one execution on real OS threads, exactly one at a time. Every scheduling
/// point of the ported code (<see cref="SchedHooks"/>: lock acquires and releases, seqcount reads
/// and retries, sleeps, wake-ups, race-window sites) comes here on the running task's thread; the
/// strategy picks the next task; the baton passes with a semaphore hand-off, so the ported code
/// never runs in two threads at once and the interleaving is a function of the strategy's choices.
/// A task that would spin or sleep (<see cref="Block"/>) is not runnable until another task passes
/// a release point. The worker threads live as long as the scheduler and serve many executions.
/// </summary>
public sealed class ControlledScheduler : IControlledScheduler, IDisposable
{
    private sealed class Worker
    {
        public required int Index;
        public readonly SemaphoreSlim Go = new(0);
        public Thread? Thread;
        public task_struct? Task;
        public Action? Body;
        public bool Done;
        public bool Blocked;
        public SchedPoint BlockedAt; // the kind of point it blocked at: only a release that can free it wakes it
        public bool Daemon; // a kernel thread of the world (ldlm_bl): not waited for; ends when only daemons are left and all wait
        public readonly int[] Recent = new int[16]; // its last points (kind and argument), a ring
        public int RecentAt;
        public HashSet<int>? Wait; // the points of the retry loop it blocked in, while it has not got past them
        public int Points;
    }

    private Worker[] _workers;
    private readonly ManualResetEventSlim _finished = new(false);
    private int[] _enabled;
    private ISchedulingStrategy _strategy = null!;
    private int _current;
    private int _live; // tasks of the execution that have not finished (daemons included)
    private int _liveWork; // non-daemon tasks that have not finished
    private bool _draining; // only daemons are left: all blocked ends the execution, completed
    private long _steps;
    private long _candidates; // points of the strategy's ChangePoints set so far
    private ChangePoints _changePoints;
    private int _allBlockedRounds;
    private volatile bool _abort;
    private volatile bool _shutdown;
    private ExecutionEnd _end;
    private Exception? _fault;
    private List<ScheduleSwitch> _switches = [];
    private List<ScheduleStep>? _trace;
    private bool _functions;

    /// <summary>
    /// Schedule format 1's rule: every release makes every waiting task runnable, whatever it waits
    /// for (it then retries and waits again). Since format 2 a release wakes only the tasks it may
    /// free (<see cref="SchedPoints.MayFree"/>): the same interleavings without the waiters' empty
    /// turns, which cost an OS thread hand-off each, but the waiters' point counts differ, so a
    /// format-1 schedule file replays only with this on.
    /// </summary>
    public bool WakeAll { get; set; }

    /// <summary>Most scheduling points in one execution before it is abandoned (<see cref="ExecutionEnd.StepLimit"/>).</summary>
    public long MaxSteps { get; set; } = 20_000;

    /// <summary>Scheduling points so far in the running execution (the explore clock reads it).</summary>
    public long Steps => Volatile.Read(ref _steps);

    /// <summary>
    /// Back to step 0 before the next execution's world is built, so that its setup reads the
    /// same clock whatever ran before (the step clock must not carry one execution into the next).
    /// </summary>
    public void ResetSteps() => Volatile.Write(ref _steps, 0);

    /// <summary>Create with <paramref name="maxTasks"/> worker threads (one per task of the largest program).</summary>
    public ControlledScheduler(int maxTasks)
    {
        if (maxTasks < 1)
            throw new ArgumentOutOfRangeException(nameof(maxTasks), maxTasks, "at least one task");
        _workers = [];
        _enabled = [];
        Grow(maxTasks);
        SchedHooks.Attach();
    }

    // Worker threads for up to n tasks (a world's kernel threads come on top of the program's tasks).
    private void Grow(int n)
    {
        if (n <= _workers.Length)
            return;
        var more = new Worker[n];
        Array.Copy(_workers, more, _workers.Length);
        for (int i = _workers.Length; i < n; i++)
        {
            var w = new Worker { Index = i };
            w.Thread = new Thread(() => WorkerLoop(w)) { IsBackground = true, Name = $"explore-{i}" };
            more[i] = w;
            w.Thread.Start();
        }
        _workers = more;
        _enabled = new int[n];
    }

    /// <summary>
    /// Run one execution: task i runs <paramref name="bodies"/>[i] under <paramref name="names"/>[i]
    /// as its <c>comm</c>. <paramref name="trace"/> records every step (with the kernel function when
    /// <paramref name="functions"/>: a stack walk per step, for printing a final schedule only).
    /// The last <paramref name="daemons"/> bodies are the world's kernel threads (Lustre's
    /// <c>ldlm_bl</c>): controlled tasks like the others, but loops that wait for work; once every
    /// other task has finished and every daemon waits, the execution is complete and the daemons
    /// are unwound at their wait (as a deadlock would be, but not counted as one).
    /// </summary>
    public ExecutionResult Execute(IReadOnlyList<Action> bodies, IReadOnlyList<string> names, ISchedulingStrategy strategy,
        bool trace = false, bool functions = false, int daemons = 0)
    {
        if (bodies.Count == 0)
            throw new ArgumentException("an execution needs at least one task", nameof(bodies));
        Grow(bodies.Count);
        if (daemons < 0 || daemons >= bodies.Count)
            throw new ArgumentOutOfRangeException(nameof(daemons), daemons, "daemons must leave at least one task of the program");
        _strategy = strategy;
        _steps = 0;
        _candidates = 0;
        _changePoints = strategy.Points;
        _allBlockedRounds = 0;
        _abort = false;
        _end = ExecutionEnd.Completed;
        _fault = null;
        _switches = [];
        _trace = trace ? [] : null;
        _functions = functions;
        _finished.Reset();
        _live = bodies.Count;
        _liveWork = bodies.Count - daemons;
        _draining = false;
        for (int i = 0; i < _workers.Length; i++)
        {
            var w = _workers[i];
            bool used = i < bodies.Count;
            w.Body = used ? bodies[i] : null;
            w.Done = !used;
            w.Daemon = used && i >= bodies.Count - daemons;
            w.Blocked = false;
            w.Wait = null;
            Array.Clear(w.Recent);
            w.Points = 0;
            w.Task = used ? new task_struct(names[i], (ulong)(i + 1)) { scheduler = this } : null;
        }
        strategy.Begin(bodies.Count);
        _current = -1;
        int first = Choose(-1, 0, 0);
        _switches.Add(new ScheduleSwitch(-1, 0, first, false));
        _current = first;
        _workers[first].Go.Release();
        _finished.Wait();
        strategy.End(_end == ExecutionEnd.StepLimit ? 0 : _candidates); // a livelock must not stretch PCT's k
        return new ExecutionResult(_end, _steps, [.. _switches], _trace, _fault) { Candidates = _candidates, Names = [.. names] };
    }

    private void WorkerLoop(Worker w)
    {
        while (true)
        {
            w.Go.Wait();
            if (_shutdown)
                return;
            task_struct.set_current_task(w.Task!);
            try
            {
                if (!_abort)
                    w.Body!();
            }
            catch (ExecutionAbortedException)
            {
            }
            catch (Exception e)
            {
                _fault ??= e;
                _end = ExecutionEnd.Faulted;
                _abort = true;
            }
            Finish(w);
        }
    }

    /// <summary>The running task's program ended: pass the baton on, or end the execution.</summary>
    private void Finish(Worker me)
    {
        me.Done = true;
        me.Points++; // the exit is a point of its own: a switch keyed on it never fires before it
        me.Task!.scheduler = null;
        if (--_live == 0)
        {
            _finished.Set();
            return;
        }
        if (!me.Daemon && --_liveWork == 0)
            _draining = true; // the program is done; the daemons run until all of them wait
        if (_abort)
        {
            // Unwind the others one by one: each wakes in Point/Block (or before its body) and throws.
            var next = Array.Find(_workers, x => !x.Done)!;
            _current = next.Index;
            next.Go.Release();
            return;
        }
        int n = Choose(me.Index, me.Points, 0);
        if (n < 0)
        {
            _end = _draining ? _end : ExecutionEnd.Deadlock; // daemons all waiting for work: done
            _abort = true;
            n = Array.Find(_workers, x => !x.Done)!.Index;
        }
        else
        {
            _switches.Add(new ScheduleSwitch(me.Index, me.Points, n, false));
        }
        _current = n;
        _workers[n].Go.Release();
    }

    /// <inheritdoc/>
    public void Point(SchedPoint point, int arg) => Step(point, arg, blocked: false);

    /// <inheritdoc/>
    public void Block(SchedPoint point) => Step(point, 0, blocked: true);

    private void Step(SchedPoint point, int arg, bool blocked)
    {
        if (_abort)
            throw new ExecutionAbortedException();
        var me = _workers[_current];
        Debug.Assert(ReferenceEquals(task_struct.current, me.Task));
        me.Points++;
        if (++_steps > MaxSteps)
            Abort(ExecutionEnd.StepLimit);
        if (SchedPoints.IsRelease(point))
        {
            foreach (var w in _workers)
            {
                if (w.Blocked && (WakeAll || SchedPoints.MayFree(point, w.BlockedAt)))
                    w.Blocked = false;
            }
            _allBlockedRounds = 0;
        }
        me.Blocked = blocked;
        me.BlockedAt = point;
        long candidate = Candidate(me, point, arg, blocked);
        _trace?.Add(new ScheduleStep(me.Index, point, arg, blocked, _functions ? KernelFunction() : null));
        int next = Choose(me.Index, me.Points, candidate);
        if (next < 0)
            Abort(_draining ? _end : ExecutionEnd.Deadlock); // daemons all waiting for work: done
        if (next == me.Index)
            return;
        _switches.Add(new ScheduleSwitch(me.Index, me.Points, next, !me.Blocked));
        _current = next;
        _workers[next].Go.Release();
        me.Go.Wait();
        if (_abort)
            throw new ExecutionAbortedException();
    }

    // A candidate for a change point or preemption (ChangePoints): with All every point, numbered as
    // the steps. With Sites a wait counts once: from its first Block until the task passes a point
    // that was not in its retry loop (the last 16 points before that Block), none of its points
    // count, so a task that spins round a retry loop while another holds i_dir_seq does not make k.
    private long Candidate(Worker me, SchedPoint point, int arg, bool blocked)
    {
        if (_changePoints == ChangePoints.All)
            return ++_candidates;
        int key = ((int)point << 24) | (arg & 0xFFFFFF);
        me.Recent[me.RecentAt++ & 15] = key;
        if (me.Wait is { } loop)
        {
            if (blocked || loop.Contains(key))
            {
                loop.Add(key);
                return 0;
            }
            me.Wait = null; // got past the wait
        }
        else if (blocked)
        {
            me.Wait = [.. me.Recent];
        }
        return ChangePointSet.IsCandidate(point, blocked) ? ++_candidates : 0;
    }

    private int Choose(int current, int currentPoints, long candidate)
    {
        int n = 0;
        foreach (var w in _workers)
        {
            if (!w.Done && !w.Blocked)
                _enabled[n++] = w.Index;
        }
        if (n == 0)
        {
            // Every task left waits. One that waited on a condition already true (a seqcount retry
            // after the writer finished) can go on: wake all once. Still all waiting after a
            // release-free round: nobody can release anybody, a deadlock.
            if (++_allBlockedRounds > 2)
                return -1;
            foreach (var w in _workers)
            {
                if (!w.Done)
                {
                    w.Blocked = false;
                    _enabled[n++] = w.Index;
                }
            }
        }
        return _strategy.Next(_enabled.AsSpan(0, n), current, currentPoints, _steps, candidate);
    }

    private void Abort(ExecutionEnd why)
    {
        _end = why;
        _abort = true;
        throw new ExecutionAbortedException(why.ToString());
    }

    // The first frame of the ported code above the hook: "d_alloc_parallel", "nfs_atomic_open".
    private static string KernelFunction()
    {
        var st = new StackTrace(2, false);
        for (int i = 0; i < st.FrameCount; i++)
        {
            var m = st.GetFrame(i)?.GetMethod();
            var t = m?.DeclaringType;
            if (m is null || t is null)
                continue;
            string ns = t.Namespace ?? "";
            if (!ns.StartsWith("DcacheStress.", StringComparison.Ordinal)) // the runtime's thread start, lambdas' closures
                continue;
            if (ns.EndsWith(".Locking", StringComparison.Ordinal) || ns.StartsWith("DcacheStress.Workload", StringComparison.Ordinal)
                || t == typeof(SchedHooks) || t == typeof(RaceWindows) || t == typeof(ControlledScheduler))
                continue;
            return m.Name;
        }
        return "?";
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _shutdown = true;
        foreach (var w in _workers)
            w.Go.Release();
        foreach (var w in _workers)
            w.Thread!.Join(TimeSpan.FromSeconds(5));
        SchedHooks.Detach();
        _finished.Dispose();
    }
}
