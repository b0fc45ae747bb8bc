// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;

namespace DcacheStress.Kernel.Tests.Locking;

public sealed class RwSemaphoreTests : IDisposable
{
    private readonly rw_semaphore _sem = new();
    private long _counter;

    public void Dispose() => _sem.Dispose();

    [Fact]
    public void down_read_TwoReaders_ShareTheLock()
    {
        _sem.down_read();
        bool otherGotRead = false;

        Assert.True(TestThreads.RunOne(() =>
        {
            otherGotRead = _sem.down_read_trylock();
            if (otherGotRead)
                _sem.up_read();
        }, TimeSpan.FromSeconds(5)));

        Assert.True(otherGotRead);
        Assert.True(_sem.held_read_by_current);
        _sem.up_read();
    }

    [Fact]
    public void down_write_WithReaderInside_IsExcludedUntilReaderLeaves()
    {
        _sem.down_read();
        bool tryWrite = true;
        Assert.True(TestThreads.RunOne(() => tryWrite = _sem.down_write_trylock(), TimeSpan.FromSeconds(5)));
        Assert.False(tryWrite);

        int wrote = 0;
        var writer = TestThreads.Start(1, "writer", _ =>
        {
            _sem.down_write();
            Volatile.Write(ref wrote, 1);
            _sem.up_write();
        });
        Thread.Sleep(30);
        Assert.Equal(0, Volatile.Read(ref wrote));
        _sem.up_read();
        writer.JoinAndAssert(TimeSpan.FromSeconds(5));
        Assert.Equal(1, wrote);
    }

    [Fact]
    public void down_write_WithWriterInside_ExcludesReaders()
    {
        _sem.down_write();
        bool tryRead = true;

        Assert.True(TestThreads.RunOne(() => tryRead = _sem.down_read_trylock(), TimeSpan.FromSeconds(5)));

        Assert.False(tryRead);
        _sem.up_write();
    }

    [Fact]
    public void held_write_by_current_OnlyTheHolderSeesTrue()
    {
        Assert.False(_sem.held_write_by_current);
        _sem.down_write();
        bool otherSees = true;

        Assert.True(TestThreads.RunOne(() => otherSees = _sem.held_write_by_current, TimeSpan.FromSeconds(5)));

        Assert.True(_sem.held_write_by_current);
        Assert.False(otherSees);
        _sem.up_write();
        Assert.False(_sem.held_write_by_current);
    }

    [Fact]
    public void down_write_ConcurrentWriters_NoUpdateLost()
    {
        const int perThread = 20_000;
        var group = TestThreads.Start(3, "writer", _ =>
        {
            for (int i = 0; i < perThread; i++)
            {
                _sem.down_write();
                long v = _counter;
                if ((i & 31) == 0)
                    Thread.SpinWait(4);
                _counter = v + 1;
                _sem.up_write();
            }
        });

        group.JoinAndAssert(TimeSpan.FromSeconds(60));
        Assert.Equal(3L * perThread, _counter);
    }
}
