// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;

namespace DcacheStress.Kernel.Tests.Locking;

public sealed class WaitQueueTests
{
    private spinlock_t _condLock; // plays d_lock
    private bool _cond;           // plays "!d_in_lookup", under _condLock

    [Fact]
    public void schedule_WokenBeforeItSleeps_ReturnsImmediately()
    {
        var head = new wait_queue_head_t();
        var wait = new wait_queue_t();
        head.add_wait_queue(wait);
        wait.set_current_state(wait_queue_t.TASK_UNINTERRUPTIBLE);

        head.wake_up_all(); // lands between "unlock" and schedule()

        Assert.True(TestThreads.RunOne(wait.schedule, TimeSpan.FromSeconds(5)), "schedule() slept through an earlier wake-up");
    }

    [Fact]
    public void schedule_timeout_NobodyWakes_TimesOutStillAsleep()
    {
        var wait = new wait_queue_t();
        wait.set_current_state(wait_queue_t.TASK_UNINTERRUPTIBLE);

        var sw = System.Diagnostics.Stopwatch.StartNew();
        bool woken = wait.schedule_timeout(TimeSpan.FromMilliseconds(50));

        Assert.False(woken);
        Assert.True(sw.ElapsedMilliseconds >= 40, $"returned after {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void wake_up_all_ThreeSleepers_WakesEveryOne()
    {
        var head = new wait_queue_head_t();
        var sleepers = TestThreads.Start(3, "sleeper", _ =>
        {
            var wait = new wait_queue_t();
            wait.set_current_state(wait_queue_t.TASK_UNINTERRUPTIBLE);
            head.add_wait_queue(wait);
            if (!wait.schedule_timeout(TimeSpan.FromSeconds(10)))
                throw new InvalidOperationException("not woken");
        });
        Assert.True(TestThreads.WaitUntil(() => head.waiters == 3, TimeSpan.FromSeconds(5)));

        head.wake_up_all();

        sleepers.JoinAndAssert(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void WaitHandshake_WakerRacesSleeperManyTimes_NoWakeUpIsLost()
    {
        const int rounds = 10_000;
        using var barrier = new Barrier(2);
        wait_queue_head_t? head = null;
        int lostRound = -1;
        long slept = 0;

        var sleeper = TestThreads.Start(1, "sleeper", _ =>
        {
            for (int r = 0; r < rounds; r++)
            {
                barrier.SignalAndWait();
                // d_wait_lookup's shape: queue under the lock, then set state, unlock, schedule.
                _condLock.spin_lock();
                if (!_cond)
                {
                    var wait = new wait_queue_t();
                    head!.add_wait_queue(wait);
                    do
                    {
                        wait.set_current_state(wait_queue_t.TASK_UNINTERRUPTIBLE);
                        _condLock.spin_unlock();
                        slept++;
                        if (!wait.schedule_timeout(TimeSpan.FromSeconds(5)))
                        {
                            lostRound = r;
                            return;
                        }
                        _condLock.spin_lock();
                    } while (!_cond);
                }
                _condLock.spin_unlock();
                barrier.SignalAndWait();
            }
        });
        var waker = TestThreads.Start(1, "waker", _ =>
        {
            var rng = new Random(11);
            for (int r = 0; r < rounds && Volatile.Read(ref lostRound) < 0; r++)
            {
                _cond = false;
                head = new wait_queue_head_t();
                barrier.SignalAndWait();
                // Land anywhere in the sleeper's sequence: usually early (before it queues, or
                // between its unlock and schedule), sometimes late enough that it is asleep. The
                // barrier releases this thread first, so the long spins are what let it sleep.
                Thread.SpinWait(rng.Next(4) == 0 ? rng.Next(20_000) : rng.Next(200));
                if (r % 16 == 0)
                {
                    // Every 16th round wake only once the sleeper is queued, so that some rounds
                    // surely exercise a real sleep, however the scheduler lines the threads up.
                    var until = DateTime.UtcNow.AddSeconds(2);
                    while (head.waiters == 0 && DateTime.UtcNow < until)
                        Thread.Yield();
                }
                // __d_lookup_done's shape: change the condition and wake under the same lock.
                _condLock.spin_lock();
                _cond = true;
                head.wake_up_all();
                _condLock.spin_unlock();
                if (!barrier.SignalAndWait(TimeSpan.FromSeconds(10)))
                    return;
            }
        });

        sleeper.JoinAndAssert(TimeSpan.FromSeconds(60));
        Assert.Equal(-1, lostRound);
        waker.Join(TimeSpan.FromSeconds(5));
        Assert.True(slept > 0, $"the sleeper never actually slept: the race was not exercised (lost={lostRound})");
    }
}
