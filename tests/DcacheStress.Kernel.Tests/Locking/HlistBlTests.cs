// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;

namespace DcacheStress.Kernel.Tests.Locking;

public sealed class HlistBlTests
{
    private readonly super_block _sb = new(new Dcache(new DcacheOptions { DHashShift = 4, InLookupShift = 1 }));
    private readonly hlist_bl_head_ref _head = hlist_bl_head_ref.alloc_single();

    private hlist_bl_node NewNode(string name) => new dentry(_sb, TestFs.B(name), NameHash.hashlen_string(TestFs.B(name))).d_hash;

    private void AddLocked(hlist_bl_node n)
    {
        _head.hlist_bl_lock();
        _head.hlist_bl_add_head_rcu(n);
        _head.hlist_bl_unlock();
    }

    private void DelLocked(hlist_bl_node n)
    {
        _head.hlist_bl_lock();
        hlist_bl_node.__hlist_bl_del(n);
        n.pprev = null;
        _head.hlist_bl_unlock();
    }

    private List<hlist_bl_node> Walk()
    {
        var list = new List<hlist_bl_node>();
        for (var n = _head.hlist_bl_first_rcu(); n is not null; n = n.next_rcu)
            list.Add(n);
        return list;
    }

    [Fact]
    public void hlist_bl_add_head_rcu_ThreeNodes_NewestFirstWithConsistentPprev()
    {
        hlist_bl_node a = NewNode("a"), b = NewNode("b"), c = NewNode("c");

        AddLocked(a);
        AddLocked(b);
        AddLocked(c);

        Assert.Equal([c, b, a], Walk());
        Assert.True(c.pprev_is(_head));
        Assert.True(b.pprev_is(c));
        Assert.True(a.pprev_is(b));
        Assert.Null(a.next_rcu);
        Assert.False(b.hlist_bl_unhashed());
    }

    [Fact]
    public void __hlist_bl_del_MiddleNode_UnlinksAndKeepsNextForReaders()
    {
        hlist_bl_node a = NewNode("a"), b = NewNode("b"), c = NewNode("c");
        AddLocked(a);
        AddLocked(b);
        AddLocked(c);
        hlist_bl_node readerStandsOn = b;

        DelLocked(b);

        Assert.Equal([c, a], Walk());
        Assert.True(a.pprev_is(c));
        Assert.True(b.hlist_bl_unhashed());
        // A reader that was on b when it was removed still walks on to the rest of the chain.
        Assert.Same(a, readerStandsOn.next_rcu);
    }

    [Fact]
    public void __hlist_bl_del_FirstAndLast_HeadAndTailStayConsistent()
    {
        hlist_bl_node a = NewNode("a"), b = NewNode("b"), c = NewNode("c");
        AddLocked(a);
        AddLocked(b);
        AddLocked(c);

        DelLocked(c);
        DelLocked(a);

        Assert.Equal([b], Walk());
        Assert.True(b.pprev_is(_head));
        Assert.Null(b.next_rcu);
        DelLocked(b);
        Assert.Null(_head.hlist_bl_first_rcu());
    }

    [Fact]
    public void hlist_bl_lock_HeldByOneThread_IsExclusive()
    {
        _head.hlist_bl_lock();
        Assert.True(_head.hlist_bl_is_locked());
        int acquired = 0;
        var t = TestThreads.Start(1, "locker", _ =>
        {
            _head.hlist_bl_lock();
            Volatile.Write(ref acquired, 1);
            _head.hlist_bl_unlock();
        });
        Thread.Sleep(30);
        Assert.Equal(0, Volatile.Read(ref acquired));

        _head.hlist_bl_unlock();

        t.JoinAndAssert(TimeSpan.FromSeconds(5));
        Assert.Equal(1, acquired);
        Assert.False(_head.hlist_bl_is_locked());
    }

    [Fact]
    public void RcuWalk_WhileWriterAddsAndRemoves_AlwaysReachesTheTail()
    {
        hlist_bl_node tail = NewNode("tail"); // added first, never removed: the end of every walk
        AddLocked(tail);
        int stop = 0;
        long walks = 0, lost = 0, removedStandOns = 0;
        var writer = TestThreads.Start(1, "writer", _ =>
        {
            var live = new List<hlist_bl_node>();
            var rng = new Random(7);
            for (int i = 0; Volatile.Read(ref stop) == 0; i++)
            {
                if (live.Count < 8 && (live.Count == 0 || rng.Next(2) == 0))
                {
                    var n = NewNode("n" + i); // never reused, as dentries are never reused
                    AddLocked(n);
                    live.Add(n);
                }
                else
                {
                    int k = rng.Next(live.Count);
                    DelLocked(live[k]);
                    live.RemoveAt(k);
                }
            }
        });
        var readers = TestThreads.Start(2, "reader", _ =>
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            long w = 0, l = 0, r = 0;
            while (sw.ElapsedMilliseconds < 300 || (Interlocked.Read(ref removedStandOns) + r == 0 && sw.ElapsedMilliseconds < 10_000))
            {
                hlist_bl_node? last = null;
                int steps = 0;
                for (var n = _head.hlist_bl_first_rcu(); n is not null && steps < 10_000; n = n.next_rcu, steps++)
                {
                    if (n.hlist_bl_unhashed())
                        r++;
                    last = n;
                    Thread.SpinWait(2);
                }
                w++;
                if (!ReferenceEquals(last, tail))
                    l++;
            }
            Interlocked.Add(ref walks, w);
            Interlocked.Add(ref lost, l);
            Interlocked.Add(ref removedStandOns, r);
        });

        readers.JoinAndAssert(TimeSpan.FromSeconds(20));
        Volatile.Write(ref stop, 1);
        writer.JoinAndAssert(TimeSpan.FromSeconds(5));

        Assert.Equal(0, lost);
        Assert.True(walks > 0);
        Assert.True(removedStandOns > 0, "no reader ever stood on a removed node: the property was not exercised");
    }
}
