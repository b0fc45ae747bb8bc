// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Tests.Support;
using static DcacheStress.Kernel.Dcache;

namespace DcacheStress.Kernel.Tests.Semantics;

/// <summary>
/// One invariant name per kernel site (fidelity audit D14), the <c>BUG_ON(d_ancestor)</c> sites of
/// <c>__d_move</c> (D9) and <c>d_instantiate(entry, NULL)</c> doing nothing (D11). Each test drives
/// one site single-threaded and checks that exactly its own name counts.
/// </summary>
public sealed class InvariantSiteTests
{
    private readonly TestFs _fs = new();

    private void AssertOnlyHit(Invariant inv)
    {
        Assert.Equal(1, _fs.Bug.Hits(inv));
        Assert.Equal(1, _fs.Bug.TotalHits);
    }

    [Fact]
    public void InvariantInfo_EveryNameIsUnique()
    {
        var names = InvariantInfo.All.Select(InvariantInfo.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void unlazy_walk_OutsideRcuWalk_CountsUnlazyNotRcuNotDoLast()
    {
        var nd = new nameidata(_fs.Root, "x"u8) { flags = 0 }; // ref-walk: BUG_ON(!(nd->flags & LOOKUP_RCU))
        nd.path = new path { mnt = _fs.Sb, dentry = _fs.Root };

        int err = namei.unlazy_walk(ref nd, null, 0);

        Assert.Equal(-Errno.ECHILD, err);
        AssertOnlyHit(Invariant.unlazy_not_rcu);
        Assert.Equal(0, _fs.Bug.Hits(Invariant.do_last_still_rcu));
        Assert.Equal("unlazy.not_rcu", InvariantInfo.Name(Invariant.unlazy_not_rcu));
    }

    [Fact]
    public void d_instantiate_AliasAlreadyLinked_CountsItsOwnKernelBugNotDuplicateAlias()
    {
        dentry a = _fs.AddFile(_fs.Root, "a"); // positive: d_alias linked
        inode file = a.inode!;

        _fs.Dcache.d_instantiate(a, file);

        AssertOnlyHit(Invariant.d_instantiate_alias_linked);
        Assert.Equal(InvariantKind.KernelBug, InvariantInfo.Kind(Invariant.d_instantiate_alias_linked));
        Assert.Equal(0, _fs.Bug.Hits(Invariant.hash_duplicate_alias));
        _fs.Dcache.dput(a);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_instantiate_TwoRacersPastTheUnlockedCheck_SecondLinkIsDuplicateAliasNotACycle()
    {
        // The BUG_ON(!hlist_unhashed) of d_instantiate reads d_alias without a lock: two callers
        // on one dentry (Lustre 4.7: ll_create_it and I1's LASSERT path under a shared i_rwsem)
        // can both pass it. Hold i_lock so that both have passed it before either links: the
        // second hlist_add_head used to point the dentry's d_alias at itself, a cycle that
        // ll_invalidate_aliases then walked forever (the lustre-v4.7 stuck-workers hang).
        dentry d = _fs.Alloc(_fs.Root, "a"); // negative, unhashed
        inode file = _fs.NewFile();
        var tasks = new task_struct?[2];
        file.i_lock.spin_lock();
        Thread[] racers = [.. Enumerable.Range(0, 2).Select(i => new Thread(() =>
        {
            var t = new task_struct($"T{i}", 1);
            task_struct.set_current_task(t);
            Volatile.Write(ref tasks[i], t);
            _fs.Dcache.d_instantiate(d, file);
        }))];
        foreach (Thread t in racers)
            t.Start();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!tasks.All(t => t?.wchan == "spin_lock") && DateTime.UtcNow < deadline)
            Thread.Sleep(1); // both past the check, spinning on i_lock
        Assert.True(tasks.All(t => t?.wchan == "spin_lock"), "both racers reach i_lock");
        file.i_lock.spin_unlock();
        foreach (Thread t in racers)
            Assert.True(t.Join(TimeSpan.FromSeconds(30)));

        Assert.Null(d.d_alias_next); // not linked to itself
        Assert.Equal(1, file.alias_count);
        AssertOnlyHit(Invariant.hash_duplicate_alias);
        Assert.Same(file, d.inode);
        _fs.Dcache.dput(d);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_instantiate_NullInode_LeavesDSeqAlone()
    {
        dentry n = _fs.Alloc(_fs.Root, "n");
        uint seq = n.seq;

        _fs.Dcache.d_instantiate(n, null);

        Assert.Equal(seq, n.seq); // 4.7: nothing happens for a NULL inode
        Assert.True(d_is_negative(n));
        Assert.Equal(0, _fs.Bug.TotalHits);
        _fs.Dcache.dput(n);
    }

    [Fact]
    public void d_move_DirectoryUnderItself_HitsAncestorOfTargetAndMovesNothing()
    {
        dentry d = _fs.Mkdir(_fs.Root, "d");
        dentry target = _fs.Alloc(d, "inner");

        _fs.Move(d, target); // BUG_ON(d_ancestor(dentry, target))

        AssertOnlyHit(Invariant.d_move_ancestor_of_target);
        Assert.Equal("d", d.name);
        Assert.Same(_fs.Root, d.parent);
        Assert.Same(d, _fs.LookupRcu(_fs.Root, "d"));
        _fs.Dcache.dput(target);
        _fs.Dcache.dput(d);
        _fs.AssertFsckClean();
    }

    [Fact]
    public void d_move_OntoItsOwnAncestor_HitsDescendantOfTargetAndMovesNothing()
    {
        dentry d = _fs.Mkdir(_fs.Root, "d");
        dentry a = _fs.AddFile(d, "a");

        _fs.Move(a, d); // BUG_ON(d_ancestor(target, dentry))

        AssertOnlyHit(Invariant.d_move_descendant_of_target);
        Assert.Same(d, a.parent);
        Assert.Same(a, _fs.LookupRcu(d, "a"));
        Assert.Same(d, _fs.LookupRcu(_fs.Root, "d"));
        _fs.Dcache.dput(a);
        _fs.Dcache.dput(d);
        _fs.AssertFsckClean();
    }
}
