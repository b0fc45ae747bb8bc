// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;

namespace DcacheStress.Kernel.Tests.Locking;

public sealed class SpinlockTests
{
    private spinlock_t _lock; // mutable struct: never readonly
    private long _counter;    // plain, unsynchronised except by _lock

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void spin_lock_ThreadsIncrementPlainCounter_NoUpdateLost(int threads)
    {
        const int perThread = 200_000;
        var group = TestThreads.Start(threads, "spin", _ =>
        {
            for (int i = 0; i < perThread; i++)
            {
                _lock.spin_lock();
                // A read-modify-write split in two so that an unprotected overlap loses updates.
                long v = _counter;
                if ((i & 63) == 0)
                    Thread.SpinWait(4);
                _counter = v + 1;
                _lock.spin_unlock();
            }
        });

        group.JoinAndAssert(TimeSpan.FromSeconds(30));
        Assert.Equal((long)threads * perThread, _counter);
        Assert.False(_lock.spin_is_locked());
    }

    [Fact]
    public void spin_trylock_WhenHeld_FailsAndWhenFree_Succeeds()
    {
        Assert.True(_lock.spin_trylock());
        Assert.True(_lock.spin_is_locked());
        bool otherGotIt = true;
        Assert.True(TestThreads.RunOne(() => otherGotIt = _lock.spin_trylock(), TimeSpan.FromSeconds(5)));
        Assert.False(otherGotIt);

        _lock.spin_unlock();

        Assert.False(_lock.spin_is_locked());
        Assert.True(_lock.spin_trylock());
        _lock.spin_unlock();
    }

    [Fact]
    public void spin_lock_WhileHeldElsewhere_WaitsForUnlock()
    {
        _lock.spin_lock();
        int acquired = 0;
        var group = TestThreads.Start(1, "waiter", _ =>
        {
            _lock.spin_lock();
            Volatile.Write(ref acquired, 1);
            _lock.spin_unlock();
        });

        Thread.Sleep(50);
        Assert.Equal(0, Volatile.Read(ref acquired));
        _lock.spin_unlock();
        group.JoinAndAssert(TimeSpan.FromSeconds(5));
        Assert.Equal(1, acquired);
    }
}
