// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Lustre;
using DcacheStress.Fs.Tests.Support;
using DcacheStress.Kernel;
using DcacheStress.Kernel.Locking;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Tests.Lustre;

/// <summary>
/// The llite model single-threaded: negative dentries made valid by the parent's UPDATE lock, the
/// other mount's changes reaching this mount only through lock cancellation, invalid dentries
/// hidden by ll_dcompare, and the two deterministic breakages of the 2016 thread.
/// </summary>
public sealed class LlSemanticsTests
{
    [Fact]
    public void Open_AbsentName_LeavesAValidNegativeThatAnswersTheNextOpenWithoutAnRpc()
    {
        using var w = new LustreWorld("lustre-v4.7");
        Assert.Equal(-Errno.ENOENT, LustreWorld.Open(w.A, "/d/x"));
        dentry n = w.Only(w.A, "x");
        Assert.Null(n.inode);
        Assert.False(LustreWorld.Invalid(n)); // the NEG reply's UPDATE lock on /d revalidated it
        long rpcs = w.Mds.Rpcs;

        Assert.Equal(-Errno.ENOENT, LustreWorld.Open(w.A, "/d/x"));

        Assert.Equal(rpcs, w.Mds.Rpcs);
        w.AssertClean();
    }

    [Fact]
    public void OtherMountCreates_CancelsUpdateLock_UnusedNegativeIsDroppedAndTheNameOpens()
    {
        using var w = new LustreWorld("lustre-v4.7");
        Assert.Equal(-Errno.ENOENT, LustreWorld.Open(w.A, "/d/x"));
        long cancels = w.Mds.Cancels;

        Assert.Equal(0, LustreWorld.Open(w.B, "/d/x", O_CREAT | O_RDWR));

        Assert.True(w.Mds.Cancels > cancels, "the create cancelled no lock");
        Assert.Empty(w.Hashed(w.A, "x")); // unused: unhashed by d_lustre_invalidate, then freed
        Assert.Equal(0, LustreWorld.Open(w.A, "/d/x"));
        w.AssertClean();
    }

    [Fact]
    public void OtherMountCreates_ReferencedNegativeStaysHashedInvalid_AndADuplicateIsNotFlagged()
    {
        using var w = new LustreWorld("lustre-v4.7");
        Assert.Equal(-Errno.ENOENT, LustreWorld.Open(w.A, "/d/x"));
        dentry n = w.Dcache.dget(w.Only(w.A, "x")); // a process in the middle of using it

        Assert.Equal(0, LustreWorld.Open(w.B, "/d/x", O_CREAT | O_RDWR));

        Assert.False(d_unhashed(n));
        Assert.True(LustreWorld.Invalid(n));
        Assert.Null(w.Dcache.d_lookup(w.Dir(w.A), LustreWorld.B8("x"))); // ll_dcompare hides it
        Assert.Equal(0, LustreWorld.Stat(w.A, "/d/x"));                 // a second dentry, valid, positive
        Assert.Equal(2, w.Hashed(w.A, "x").Count);
        Assert.Equal(0, w.Dcache.bug.Hits(Invariant.hash_duplicate_name)); // Lustre's design, not a bug
        w.Dcache.dput(n);                                                // ll_ddelete: invalid → freed
        Assert.Single(w.Hashed(w.A, "x"));
        w.AssertClean();
    }

    [Fact]
    public void OtherMountUnlinks_CancelsLookupLock_ThePositiveAliasGoes()
    {
        using var w = new LustreWorld("lustre-v4.7");
        Assert.Equal(0, LustreWorld.Open(w.A, "/d/x", O_CREAT | O_RDWR));
        Assert.Equal(0, LustreWorld.Stat(w.A, "/d/x"));
        Assert.Equal(0, w.Mds.Unlink(w.DirId, "x"));

        Assert.Equal(-Errno.ENOENT, LustreWorld.Stat(w.A, "/d/x"));
        w.AssertClean();
    }

    [Fact]
    public void ParallelLookupsOfOneName_4_7_EachHashesItsOwn_NotFlagged()
    {
        using var w = new LustreWorld("lustre-v4.7");
        dentry dir = w.Dir(w.A);
        var q = qstr.from(LustreWorld.B8("x"));
        dir.inode!.inode_lock_shared();
        dentry d1 = w.Dcache.d_alloc_parallel(dir, q, new wait_queue_head_t());
        dentry d2 = w.Dcache.d_alloc_parallel(dir, q, new wait_queue_head_t()); // ll_dcompare: d1 (no lld) is invisible
        Assert.NotSame(d1, d2);
        Assert.True(d_in_lookup(d1) && d_in_lookup(d2));
        foreach (dentry d in new[] { d1, d2 })
        {
            Assert.Null(dir.inode!.i_op!.lookup(dir.inode, d, 0));
            w.Dcache.d_lookup_done(d);
        }
        dir.inode!.inode_unlock_shared();

        Assert.Equal(2, w.Hashed(w.A, "x").Count); // two valid negatives for one name: 4.7's design
        Assert.Equal(0, w.Dcache.bug.TotalHits);   // neither in_lookup.duplicate nor hash.duplicate_name
        w.Dcache.dput(d1);
        w.Dcache.dput(d2);
        w.AssertClean();
    }

    /// <summary>
    /// Interleaving I1 of lustre-reference.md §1.5, single-threaded: two openers hold the same
    /// valid hashed negative dentry under the shared lock; the other mount creates the name (their
    /// dentry turns invalid but stays hashed); each sends its IT_OPEN and gets "exists". 4.7 and
    /// Viro's 1/3 make it positive in place (d_add.owner), and the second opener dies on
    /// LASSERT(!d_inode); every later patch answers -ENOENT without an RPC.
    /// </summary>
    [Theory]
    [InlineData("lustre-v4.7", true)]
    [InlineData("lustre-viro-2016-07-05", true)]
    [InlineData("lustre-99f1c01319", false)]
    [InlineData("lustre-release-lu8371", false)]
    [InlineData("lustre-trust-creates", false)]
    [InlineData("lustre-dcompare-inlookup", false)]
    public void TwoOpenersShareAHashedNegative_OtherMountCreates_OnlyTheOldCodeInstantiatesIt(string patch, bool breaks)
    {
        using var w = new LustreWorld(patch);
        Assert.Equal(-Errno.ENOENT, LustreWorld.Open(w.A, "/d/x"));
        dentry n = w.Dcache.dget(w.Only(w.A, "x"));
        Assert.Equal(0, LustreWorld.Open(w.B, "/d/x", O_CREAT | O_RDWR));
        long intents = w.Mds.RpcsOf(MdsOp.INTENT);

        int first = w.AtomicOpen(n);
        int second = w.AtomicOpen(n);

        if (breaks)
        {
            Assert.Equal(0, first);
            Assert.Same(w.A.ll_iget(new Server.ServerEntry("x", n.inode!.i_ino, inode.S_IFREG)), n.inode);
            Assert.Equal(1, w.Dcache.bug.Hits(Invariant.d_add_owner));                  // d_instantiate of a hashed dentry under a shared lock
            Assert.Equal(1, w.Dcache.bug.Hits(Invariant.ll_lookup_it_finish_positive)); // the second opener's LBUG
            Assert.Equal(InvariantKind.KernelBug, InvariantInfo.Kind(Invariant.ll_lookup_it_finish_positive));
        }
        else
        {
            Assert.Equal(-Errno.ENOENT, first);
            Assert.Equal(-Errno.ENOENT, second);
            Assert.Equal(intents, w.Mds.RpcsOf(MdsOp.INTENT)); // "no point in talking to MDS"
            Assert.Equal(0, w.Dcache.bug.TotalHits);
        }
        w.Dcache.dput(n);
        Assert.True(w.Dcache.fsck(quiescent: true).Clean);
    }

    /// <summary>
    /// Drokin on Viro's 1/3 (LKML 1607.0/02250): unlink of a name this mount never looked up takes
    /// the exclusive-lock lookup (<c>__lookup_hash</c> → <c>d_alloc</c>, not in-lookup), so
    /// <c>ll_splice_alias</c> and its <c>ll_d_init</c> are skipped and <c>d_lustre_revalidate</c>'s
    /// <c>LASSERT(ll_d2d)</c> fires.
    /// </summary>
    [Theory]
    [InlineData("lustre-v4.7", false)]
    [InlineData("lustre-viro-2016-07-05", true)]
    [InlineData("lustre-99f1c01319", false)]
    public void UnlinkOfAnUncachedName_OnlyViro13_HitsLassertLlD2d(string patch, bool breaks)
    {
        using var w = new LustreWorld(patch);
        w.Mds.CreateFile(w.DirId, "x"); // made through the other mount: never looked up here

        int err = namei.do_unlinkat(w.A.Root, LustreWorld.B8("/d/x"));

        Assert.Equal(0, err);
        Assert.Equal(breaks ? 1 : 0, w.Dcache.bug.Hits(Invariant.d_lustre_revalidate_no_lld));
        Assert.Equal(breaks ? 1 : 0, w.Dcache.bug.TotalHits);
        Assert.True(w.Dcache.fsck(quiescent: true).Clean);
    }
}
