// SPDX-License-Identifier: GPL-2.0-only
// struct rw_semaphore (inode->i_rwsem), after include/linux/rwsem.h (Linux v4.7).
namespace DcacheStress.Kernel.Locking;

/// <summary>
/// <c>struct rw_semaphore</c> for <c>inode->i_rwsem</c>: many readers or one writer, sleeping
/// waiters, writer-preferring like the kernel's. Built on <see cref="ReaderWriterLockSlim"/> (a real
/// per-inode lock, as in the kernel; it is not a stand-in for RCU or for the dcache's own locks).
/// It also answers "does the current thread hold it for write", which the harness's
/// <c>d_add.owner</c> check needs.
/// </summary>
public sealed class rw_semaphore : IDisposable
{
    private readonly ReaderWriterLockSlim _rw = new(LockRecursionPolicy.NoRecursion);

    /// <summary><c>down_read()</c> (<c>inode_lock_shared</c>).</summary>
    public void down_read()
    {
        SchedHooks.Point(SchedPoint.down);
        if (_rw.TryEnterReadLock(0))
            return;
        if (SchedHooks.Controller() is { } controller)
        {
            // Explore: a sleeping waiter; runnable again after some task's release.
            while (!_rw.TryEnterReadLock(0))
                controller.Block(SchedPoint.down);
            return;
        }
        var task = task_struct.current;
        task.wchan = "down_read";
        _rw.EnterReadLock();
        task.wchan = null;
    }

    /// <summary><c>up_read()</c> (<c>inode_unlock_shared</c>).</summary>
    public void up_read()
    {
        _rw.ExitReadLock();
        SchedHooks.Point(SchedPoint.up);
    }

    /// <summary><c>down_write()</c> (<c>inode_lock</c>).</summary>
    public void down_write()
    {
        SchedHooks.Point(SchedPoint.down);
        if (_rw.TryEnterWriteLock(0))
            return;
        if (SchedHooks.Controller() is { } controller)
        {
            while (!_rw.TryEnterWriteLock(0))
                controller.Block(SchedPoint.down);
            return;
        }
        var task = task_struct.current;
        task.wchan = "down_write";
        _rw.EnterWriteLock();
        task.wchan = null;
    }

    /// <summary><c>up_write()</c> (<c>inode_unlock</c>).</summary>
    public void up_write()
    {
        _rw.ExitWriteLock();
        SchedHooks.Point(SchedPoint.up);
    }

    /// <summary><c>down_read_trylock()</c>.</summary>
    public bool down_read_trylock() => _rw.TryEnterReadLock(0);

    /// <summary><c>down_write_trylock()</c>.</summary>
    public bool down_write_trylock() => _rw.TryEnterWriteLock(0);

    /// <summary>True when the calling thread holds it for write (lockdep_assert_held_exclusive).</summary>
    public bool held_write_by_current => _rw.IsWriteLockHeld;

    /// <summary>True when the calling thread holds it for read.</summary>
    public bool held_read_by_current => _rw.IsReadLockHeld;

    /// <inheritdoc/>
    public void Dispose() => _rw.Dispose();
}
