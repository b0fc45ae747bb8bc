// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;

namespace DcacheStress.Kernel.Tests.Locking;

public sealed class SeqcountTests
{
    private seqcount_t _seq;  // mutable struct: never readonly
    private spinlock_t _writerLock;
    private long _a, _b;      // protected pair: a writer keeps _a == _b outside its section

    [Fact]
    public void raw_seqcount_begin_DuringWrite_MasksOddAndRetryFails()
    {
        _seq.write_seqcount_begin();
        uint odd = _seq.sequence;

        uint start = _seq.raw_seqcount_begin(); // must not wait

        Assert.Equal(1u, odd & 1);
        Assert.Equal(odd & ~1u, start);
        Assert.True(_seq.read_seqcount_retry(start));
        _seq.write_seqcount_end();
        Assert.True(_seq.read_seqcount_retry(start));
    }

    [Fact]
    public void read_seqcount_begin_WhileWriterActive_WaitsForEven()
    {
        _seq.write_seqcount_begin();
        uint got = 1;
        int returned = 0;
        var reader = TestThreads.Start(1, "reader", _ =>
        {
            got = _seq.read_seqcount_begin();
            Volatile.Write(ref returned, 1);
        });

        Thread.Sleep(50);
        Assert.Equal(0, Volatile.Read(ref returned));
        _seq.write_seqcount_end();
        reader.JoinAndAssert(TimeSpan.FromSeconds(5));

        Assert.Equal(2u, got);
        Assert.False(_seq.read_seqcount_retry(got));
    }

    [Fact]
    public void read_seqcount_retry_AfterWriteSection_DetectsWrite()
    {
        uint start = _seq.read_seqcount_begin();
        Assert.False(_seq.read_seqcount_retry(start));

        _seq.write_seqcount_begin();
        _seq.write_seqcount_end();

        Assert.True(_seq.read_seqcount_retry(start));
        Assert.Equal(start + 2, _seq.sequence);
    }

    [Fact]
    public void write_seqcount_invalidate_InFlightReader_RetriesButNobodyWaits()
    {
        uint start = _seq.raw_seqcount_begin();

        _seq.write_seqcount_invalidate();

        Assert.True(_seq.read_seqcount_retry(start));
        Assert.Equal(0u, _seq.sequence & 1);
        uint again = 0;
        Assert.True(TestThreads.RunOne(() => again = _seq.read_seqcount_begin(), TimeSpan.FromSeconds(5)));
        Assert.Equal(start + 2, again);
    }

    [Fact]
    public void read_seqcount_retry_ReadersUnderWriterChurn_NeverAcceptTornPair()
    {
        long accepted = 0, retries = 0, torn = 0;
        int stop = 0;
        var writer = TestThreads.Start(1, "writer", _ =>
        {
            for (long v = 1; Volatile.Read(ref stop) == 0; v++)
            {
                _writerLock.spin_lock();
                _seq.write_seqcount_begin();
                Volatile.Write(ref _a, v);
                Thread.SpinWait(8); // keep the section open long enough for readers to land in it
                Volatile.Write(ref _b, v);
                _seq.write_seqcount_end();
                _writerLock.spin_unlock();
                Thread.SpinWait(32); // and closed long enough for readers to get through
            }
        });
        var readers = TestThreads.Start(2, "reader", _ =>
        {
            long ok = 0, retry = 0, bad = 0;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            // At least 300 ms; then until this reader has both accepted and retried (bounded).
            while (sw.ElapsedMilliseconds < 300 || ((ok == 0 || retry == 0) && sw.ElapsedMilliseconds < 10_000))
            {
                uint s = _seq.raw_seqcount_begin();
                long a = Volatile.Read(ref _a);
                long b = Volatile.Read(ref _b);
                if (_seq.read_seqcount_retry(s))
                {
                    retry++;
                    continue;
                }
                ok++;
                if (a != b)
                    bad++;
            }
            Interlocked.Add(ref accepted, ok);
            Interlocked.Add(ref retries, retry);
            Interlocked.Add(ref torn, bad);
        });

        readers.JoinAndAssert(TimeSpan.FromSeconds(20));
        Volatile.Write(ref stop, 1);
        writer.JoinAndAssert(TimeSpan.FromSeconds(5));

        Assert.Equal(0, torn);
        Assert.True(accepted > 0, "no read was ever accepted");
        Assert.True(retries > 0, "the writer never made a reader retry: the check was not exercised");
    }
}
