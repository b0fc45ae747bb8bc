// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;
using DcacheStress.Kernel.Locking;
using DcacheStress.Workload.Explore;

namespace DcacheStress.Workload.Tests.Explore;

/// <summary>The scheduler itself: one task at a time, waiting without spinning, replayable choices.</summary>
public sealed class ControlledSchedulerTests
{
    private sealed class Shared
    {
        public spinlock_t Lock; // mutable struct: never readonly
        public int Inside;
        public int Violations;
        public int Counter;
    }

    private static List<Action> Contenders(Shared s, int tasks, int rounds) =>
    [
        .. Enumerable.Range(0, tasks).Select(_ => (Action)(() =>
        {
            for (int i = 0; i < rounds; i++)
            {
                if (Interlocked.Increment(ref s.Inside) != 1)
                    Interlocked.Increment(ref s.Violations); // two tasks ran at once
                Interlocked.Decrement(ref s.Inside);
                s.Lock.spin_lock();
                int c = s.Counter;
                SchedHooks.Point(SchedPoint.race_window); // a preemption inside the critical section
                s.Counter = c + 1;
                s.Lock.spin_unlock();
            }
        })),
    ];

    [Fact]
    public void Execute_ContendedSpinlock_OneTaskAtATimeAndWaitersBlockInsteadOfSpinning()
    {
        using var scheduler = new ControlledScheduler(3);
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var s = new Shared();
            var r = scheduler.Execute(Contenders(s, 3, 20), ["A", "B", "C"], new PctStrategy(seed, 3, initialK: 200));
            Assert.Equal(ExecutionEnd.Completed, r.End);
            Assert.Equal(0, s.Violations);
            Assert.Equal(60, s.Counter); // the lock still excludes: no lost update
            // Each acquisition is at most a few points, plus a few waits per preemption: a
            // spinning waiter would burn thousands.
            Assert.True(r.Steps < 60 * 12, $"seed {seed}: {r.Steps} steps");
        }
    }

    [Fact]
    public void Execute_SameSeed_SameSwitchesAndReplayReproducesThem()
    {
        using var scheduler = new ControlledScheduler(3);
        var a = scheduler.Execute(Contenders(new Shared(), 3, 10), ["A", "B", "C"], new PctStrategy(42, 3, initialK: 100));
        var b = scheduler.Execute(Contenders(new Shared(), 3, 10), ["A", "B", "C"], new PctStrategy(42, 3, initialK: 100));
        var c = scheduler.Execute(Contenders(new Shared(), 3, 10), ["A", "B", "C"], new ReplayStrategy(a.Switches));
        Assert.Equal(a.Switches, b.Switches);
        Assert.Equal(a.Switches, c.Switches);
        Assert.Equal(a.Steps, c.Steps);
    }

    [Fact]
    public void Execute_DaemonWaitingForWork_EndsTheExecutionCompletedAfterTheProgramAndServesItsWork()
    {
        // A kernel thread of the world (as Lustre's ldlm_bl): it sleeps on a wait queue until a
        // task queues work, does it, and sleeps again forever. The program's tasks queue one item
        // each. The execution must end Completed (not Deadlock) once they are done and the daemon
        // waits, with every item served: the daemon ran as a controlled task, one at a time.
        using var scheduler = new ControlledScheduler(2);
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var s = new Shared();
            var queue = new Queue<int>();
            int served = 0;
            var wait = new wait_queue_t();
            bool sleeping = false;
            Action producer = () =>
            {
                s.Lock.spin_lock();
                queue.Enqueue(1);
                bool wake = sleeping;
                sleeping = false;
                s.Lock.spin_unlock();
                if (wake)
                    wait.wake();
            };
            Action daemon = () =>
            {
                while (true)
                {
                    s.Lock.spin_lock();
                    if (queue.TryDequeue(out _))
                    {
                        s.Lock.spin_unlock();
                        served++;
                        continue;
                    }
                    wait.set_current_state(wait_queue_t.TASK_UNINTERRUPTIBLE);
                    sleeping = true;
                    s.Lock.spin_unlock();
                    wait.schedule();
                }
            };
            var r = scheduler.Execute([producer, producer, daemon], ["A", "B", "kd"], new PctStrategy(seed, 3, initialK: 100), daemons: 1);
            Assert.Equal(ExecutionEnd.Completed, r.End);
            Assert.Equal(["A", "B", "kd"], r.Names);
            Assert.Equal(2, served);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Execute_ReleaseOfAnotherKind_DoesNotWakeAWaiterUnlessWakeAll(bool wakeAll)
    {
        // A holds an rw_semaphore and takes and drops a spinlock ten times before its up(); B
        // waits in down() and runs whenever it can. A spin_unlock cannot free B: B must not get
        // the CPU again before A's up() (format 1, WakeAll, let it retry and wait at each one).
        using var scheduler = new ControlledScheduler(2) { WakeAll = wakeAll };
        var sem = new rw_semaphore();
        var s = new Shared();
        bool up = false;
        Action a = () =>
        {
            sem.down_write();
            SchedHooks.Point(SchedPoint.race_window); // B gets the CPU here and waits in down()
            for (int i = 0; i < 10; i++)
            {
                s.Lock.spin_lock();
                s.Lock.spin_unlock();
            }
            up = true;
            sem.up_write();
        };
        Action b = () =>
        {
            sem.down_read();
            sem.up_read();
        };
        var strategy = new PreferTask(1, () => !up);
        var r = scheduler.Execute([a, b], ["A", "B"], strategy);
        Assert.Equal(ExecutionEnd.Completed, r.End);
        if (wakeAll)
            Assert.True(strategy.Turns >= 10, $"{strategy.Turns} turns of B before A's up");
        else
            Assert.Equal(1, strategy.Turns); // the turn in which it came to wait
    }

    // Task 0 first, then `preferred` whenever it can run; counts the turns it gets while `counting()`.
    private sealed class PreferTask(int preferred, Func<bool> counting) : ISchedulingStrategy
    {
        public int Turns { get; private set; }

        public string Name => "prefer";

        public void Begin(int threads)
        {
        }

        public int Next(ReadOnlySpan<int> enabled, int current, int currentPoints, long step, long candidate)
        {
            if (current <= 0 && currentPoints < 2 && enabled.Contains(0))
                return 0; // A takes the semaphore first
            int next = enabled.Contains(preferred) ? preferred : enabled[0];
            if (next == preferred && current != preferred && counting())
                Turns++;
            return next;
        }

        public void End(long candidates)
        {
        }
    }

    [Fact]
    public void Execute_LockOrderInversion_EndsAsDeadlockNotHang()
    {
        using var scheduler = new ControlledScheduler(2);
        var s1 = new Shared();
        var s2 = new Shared();
        Action ab = () => { s1.Lock.spin_lock(); SchedHooks.Point(SchedPoint.race_window); s2.Lock.spin_lock(); s2.Lock.spin_unlock(); s1.Lock.spin_unlock(); };
        Action ba = () => { s2.Lock.spin_lock(); SchedHooks.Point(SchedPoint.race_window); s1.Lock.spin_lock(); s1.Lock.spin_unlock(); s2.Lock.spin_unlock(); };
        // Switch A -> B right after A took its first lock: both then wait for each other.
        var switches = new[] { new ScheduleSwitch(-1, 0, 0, false), new ScheduleSwitch(0, 2, 1, true) };
        var r = scheduler.Execute([ab, ba], ["A", "B"], new ReplayStrategy(switches));
        Assert.Equal(ExecutionEnd.Deadlock, r.End);
    }

    [Fact]
    public void PctMissBound_FallsWithExecutions()
    {
        double one = PctStrategy.HitProbabilityBound(3, 100, 3);
        Assert.Equal(1.0 / (3 * 100.0 * 100.0), one, 12);
        Assert.True(PctStrategy.MissBound(3, 100, 3, 100_000) < PctStrategy.MissBound(3, 100, 3, 1000));
        Assert.Equal(Math.Pow(1 - one, 1000), PctStrategy.MissBound(3, 100, 3, 1000), 6);
    }
}
