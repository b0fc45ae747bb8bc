// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;

namespace DcacheStress.Kernel.Tests.Locking;

public sealed class LockrefTests
{
    private lockref _ref; // mutable struct: never readonly

    public LockrefTests() => _ref.init(1);

    [Fact]
    public void lockref_get_Unlocked_IncrementsCount()
    {
        _ref.lockref_get();
        _ref.lockref_get();

        Assert.Equal(3, _ref.count);
        Assert.False(_ref.spin_is_locked());
    }

    [Fact]
    public void lockref_put_return_PositiveCount_ReturnsNewCount()
    {
        _ref.lockref_get();

        Assert.Equal(1, _ref.lockref_put_return());
        Assert.Equal(0, _ref.lockref_put_return());
        Assert.Equal(0, _ref.count);
    }

    [Fact]
    public void lockref_put_return_ZeroCount_ReturnsMinusOneAndLeavesCount()
    {
        _ref.init(0);

        Assert.Equal(-1, _ref.lockref_put_return());
        Assert.Equal(0, _ref.count);
    }

    [Fact]
    public void lockref_put_return_WhileLocked_ReturnsMinusOneWithoutChange()
    {
        _ref.init(5);
        _ref.spin_lock();

        int r = _ref.lockref_put_return();

        Assert.Equal(-1, r);
        Assert.Equal(5, _ref.count);
        _ref.spin_unlock();
    }

    [Fact]
    public void lockref_put_or_lock_CountAboveOne_DecrementsWithoutLock()
    {
        _ref.init(3);

        Assert.True(_ref.lockref_put_or_lock());

        Assert.Equal(2, _ref.count);
        Assert.False(_ref.spin_is_locked());
    }

    [Fact]
    public void lockref_put_or_lock_LastReference_ReturnsFalseWithLockHeld()
    {
        bool done = _ref.lockref_put_or_lock();

        Assert.False(done);
        Assert.True(_ref.spin_is_locked());
        Assert.Equal(1, _ref.count); // the caller still owns the last reference
        _ref.spin_unlock();
    }

    [Fact]
    public void lockref_mark_dead_UnderLock_MakesCountNegativeAndGetNotDeadFail()
    {
        _ref.spin_lock();
        _ref.lockref_mark_dead();
        _ref.spin_unlock();

        Assert.Equal(-128, _ref.count);
        Assert.True(_ref.__lockref_is_dead());
        Assert.False(_ref.lockref_get_not_dead());
        Assert.Equal(-128, _ref.count);
        Assert.Equal(-1, _ref.lockref_put_return());
    }

    [Fact]
    public void lockref_get_not_dead_LiveAndLocked_TakesReferenceAfterUnlock()
    {
        Assert.True(_ref.lockref_get_not_dead());
        Assert.Equal(2, _ref.count);

        _ref.spin_lock();
        bool got = false;
        var t = TestThreads.Start(1, "getter", _ => got = _ref.lockref_get_not_dead());
        Thread.Sleep(30);
        Assert.Equal(2, _ref.count); // slow path waits for the lock
        _ref.spin_unlock();
        t.JoinAndAssert(TimeSpan.FromSeconds(5));

        Assert.True(got);
        Assert.Equal(3, _ref.count);
    }

    [Fact]
    public void lockref_get_not_dead_DeadWhileLocked_FailsInSlowPath()
    {
        _ref.spin_lock();
        bool got = true;
        var t = TestThreads.Start(1, "getter", _ => got = _ref.lockref_get_not_dead());
        Thread.Sleep(20);
        _ref.lockref_mark_dead();
        _ref.spin_unlock();
        t.JoinAndAssert(TimeSpan.FromSeconds(5));

        Assert.False(got);
        Assert.Equal(-128, _ref.count);
    }

    [Fact]
    public void lockref_ConcurrentGetPutAndLockedUpdates_CountStaysExact()
    {
        const int rounds = 200_000;
        var group = TestThreads.Start(4, "ref", index =>
        {
            for (int i = 0; i < rounds; i++)
            {
                switch ((index + i) & 3)
                {
                    case 0:
                        _ref.lockref_get();
                        int r = _ref.lockref_put_return();
                        if (r == 0)
                            throw new InvalidOperationException("count reached zero while the base reference is held");
                        if (r < 0)
                        {
                            // Locked by someone: fast_dput's fallback decrements under the lock.
                            _ref.spin_lock();
                            _ref.add_locked(-1);
                            _ref.spin_unlock();
                        }
                        break;
                    case 1:
                        if (!_ref.lockref_get_not_dead())
                            throw new InvalidOperationException("get_not_dead failed on a live lockref");
                        if (!_ref.lockref_put_or_lock())
                            throw new InvalidOperationException("put_or_lock claimed the last reference");
                        break;
                    case 2:
                        _ref.spin_lock(); // the slow path: count changes under the lock
                        _ref.add_locked(1);
                        _ref.spin_unlock();
                        _ref.spin_lock();
                        _ref.add_locked(-1);
                        _ref.spin_unlock();
                        break;
                    default:
                        _ref.lockref_get();
                        if (!_ref.lockref_put_or_lock())
                            throw new InvalidOperationException("put_or_lock claimed the last reference");
                        break;
                }
            }
        });

        group.JoinAndAssert(TimeSpan.FromSeconds(60));
        Assert.Equal(1, _ref.count);
        Assert.False(_ref.spin_is_locked());
    }
}
