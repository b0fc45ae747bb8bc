// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;

namespace DcacheStress.Kernel.Tests.Locking;

public sealed class SeqlockTests
{
    private readonly seqlock_t _lock = new();
    private long _counter;
    private long _a, _b;

    [Fact]
    public void write_seqlock_OpensOddSection_UnlockMakesEvenAndFailsReaders()
    {
        uint start = _lock.read_seqbegin();

        _lock.write_seqlock();
        uint inside = _lock.sequence;
        _lock.write_sequnlock();

        Assert.Equal(start + 1, inside);
        Assert.Equal(start + 2, _lock.sequence);
        Assert.True(_lock.read_seqretry(start));
        Assert.False(_lock.read_seqretry(_lock.read_seqbegin()));
    }

    [Fact]
    public void read_seqbegin_WhileWriterHoldsIt_WaitsUntilUnlock()
    {
        _lock.write_seqlock();
        int returned = 0;
        var reader = TestThreads.Start(1, "reader", _ =>
        {
            _lock.read_seqbegin();
            Volatile.Write(ref returned, 1);
        });

        Thread.Sleep(50);
        Assert.Equal(0, Volatile.Read(ref returned));
        _lock.write_sequnlock();
        reader.JoinAndAssert(TimeSpan.FromSeconds(5));
        Assert.Equal(1, returned);
    }

    [Fact]
    public void write_seqlock_ConcurrentWriters_AreMutuallyExclusive()
    {
        const int perThread = 100_000;
        var writers = TestThreads.Start(3, "writer", _ =>
        {
            for (int i = 0; i < perThread; i++)
            {
                _lock.write_seqlock();
                long v = _counter;
                if ((i & 63) == 0)
                    Thread.SpinWait(4);
                _counter = v + 1;
                _lock.write_sequnlock();
            }
        });

        writers.JoinAndAssert(TimeSpan.FromSeconds(30));
        Assert.Equal(3L * perThread, _counter);
        Assert.Equal(2u * 3 * perThread, _lock.sequence);
    }

    [Fact]
    public void read_seqretry_ReaderUnderWriters_NeverAcceptsTornPair()
    {
        int stop = 0;
        long torn = 0, accepted = 0;
        var writers = TestThreads.Start(1, "writer", _ =>
        {
            for (long v = 1; Volatile.Read(ref stop) == 0; v++)
            {
                _lock.write_seqlock();
                Volatile.Write(ref _a, v);
                Thread.SpinWait(8);
                Volatile.Write(ref _b, v);
                _lock.write_sequnlock();
                Thread.SpinWait(32);
            }
        });
        var reader = TestThreads.Start(1, "reader", _ =>
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (sw.ElapsedMilliseconds < 300 || (accepted == 0 && sw.ElapsedMilliseconds < 10_000))
            {
                uint s = _lock.read_seqbegin();
                long a = Volatile.Read(ref _a), b = Volatile.Read(ref _b);
                if (_lock.read_seqretry(s))
                    continue;
                accepted++;
                if (a != b)
                    torn++;
            }
        });

        reader.JoinAndAssert(TimeSpan.FromSeconds(20));
        Volatile.Write(ref stop, 1);
        writers.JoinAndAssert(TimeSpan.FromSeconds(5));
        Assert.Equal(0, torn);
        Assert.True(accepted > 0);
    }
}
