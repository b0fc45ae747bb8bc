// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Server;
using DcacheStress.Fs.Tests.Support;
using DcacheStress.Kernel;
using DcacheStress.Kernel.Locking;
using static DcacheStress.Kernel.Dcache;

namespace DcacheStress.Fs.Tests.Patches;

/// <summary>
/// v4.7-rc3-braino replaces a dcache core function: its dcache is a <see cref="Dcache"/> subclass
/// whose <c>d_alloc_parallel</c> gives no exclusion. Two real threads call <c>d_alloc_parallel</c>
/// for one name with the parent's <c>i_rwsem</c> held shared, as lookup_slow and lookup_open do.
/// </summary>
public sealed class DAllocParallelPatchTests
{
    private sealed class Setup
    {
        public Setup(string patchName)
        {
            Assert.True(PatchCatalog.TryCreate(patchName, out Patch patch));
            Dcache = patch.CreateDcache(DcacheOptions.Default);
            Mount = new Nfs.NfsMount(new NfsServer(), Dcache, (NfsPatch)patch, patchName);
        }

        public Dcache Dcache { get; }

        public Nfs.NfsMount Mount { get; }

        public dentry Root => Mount.Root;

        public inode Dir => Mount.Root.inode!;

        /// <summary>Parent locked shared, then d_alloc_parallel(root, "n") (the lock stays held).</summary>
        public dentry LockSharedAndAlloc(wait_queue_head_t wq)
        {
            Dir.inode_lock_shared();
            return Dcache.d_alloc_parallel(Root, qstr.from("n"u8), wq);
        }
    }

    [Fact]
    public void CreateDcache_Braino_IsADcacheSubclassAnd47IsThePlainDcache()
    {
        Assert.True(PatchCatalog.TryCreate("v4.7-rc3-braino", out Patch braino));
        Assert.True(PatchCatalog.TryCreate("v4.7", out Patch v47));

        Dcache patched = braino.CreateDcache(DcacheOptions.Default);
        Dcache plain = v47.CreateDcache(DcacheOptions.Default);

        Assert.IsAssignableFrom<Dcache>(patched);
        Assert.NotEqual(typeof(Dcache), patched.GetType());
        Assert.Equal(typeof(Dcache), plain.GetType());
        foreach (var p in PatchCatalog.All.Where(p => p.Name != "v4.7-rc3-braino"))
            Assert.Equal(typeof(Dcache), p.CreateDcache(DcacheOptions.Default).GetType());
    }

    [Fact]
    public void d_alloc_parallel_BrainoTwoThreadsOneName_BothGetInLookupDentriesAndDuplicateIsCounted()
    {
        var s = new Setup("v4.7-rc3-braino");
        using var t1 = new Actor("T1");
        using var t2 = new Actor("T2");
        var wq1 = new wait_queue_head_t();
        var wq2 = new wait_queue_head_t();

        dentry d1 = t1.Run(() => s.LockSharedAndAlloc(wq1));
        dentry d2 = t2.Run(() => s.LockSharedAndAlloc(wq2)); // returns at once: no exclusion

        Assert.NotSame(d1, d2);
        Assert.True(d_in_lookup(d1));
        Assert.True(d_in_lookup(d2));
        Assert.Equal(0, wq1.waiters);
        Assert.Equal(1, s.Dcache.bug.Hits(Invariant.in_lookup_duplicate));
        Assert.Equal(1, s.Dcache.bug.TotalHits);
        Assert.Equal(2, s.Dcache.fsck(quiescent: false).InLookup);

        foreach (var (t, d) in new[] { (t1, d1), (t2, d2) })
        {
            t.Run(() =>
            {
                s.Dcache.d_lookup_done(d);
                s.Dcache.dput(d);
                s.Dir.inode_unlock_shared();
            });
        }
        FsckReport report = s.Dcache.fsck(quiescent: true);
        Assert.True(report.Clean, report.ToString());
        Assert.Equal(1, s.Dcache.bug.TotalHits);
    }

    [Fact]
    public void d_alloc_parallel_V47TwoThreadsOneName_SecondWaitsThenGetsTheFirstOnesResult()
    {
        var s = new Setup("v4.7");
        using var t1 = new Actor("T1");
        using var t2 = new Actor("T2");
        var wq1 = new wait_queue_head_t();

        dentry d1 = t1.Run(() => s.LockSharedAndAlloc(wq1));
        Task<dentry> second = t2.Post(() => s.LockSharedAndAlloc(new wait_queue_head_t()));

        Assert.True(Actor.Eventually(() => wq1.waiters > 0 || second.IsCompleted), "T2 neither waited nor returned");
        Assert.False(second.IsCompleted, "T2 returned from d_alloc_parallel without waiting for T1's in-lookup dentry");
        Assert.Equal(1, wq1.waiters);
        Assert.True(d_in_lookup(d1));
        Assert.Equal(1, s.Dcache.fsck(quiescent: false).InLookup);

        t1.Run(() => s.Dcache.d_add(d1, null)); // T1's lookup ends: a hashed negative dentry
        dentry d2 = Actor.Await(second);

        Assert.Same(d1, d2);
        Assert.False(d_in_lookup(d1));
        Assert.False(d_unhashed(d1));
        Assert.Equal(2, d1.d_count);
        Assert.Equal(1, s.Dcache.bug.Observed(Observation.d_alloc_parallel_waited));
        Assert.Equal(0, s.Dcache.bug.TotalHits);
        t2.Run(() =>
        {
            s.Dcache.dput(d2);
            s.Dir.inode_unlock_shared();
        });
        t1.Run(() =>
        {
            s.Dcache.dput(d1);
            s.Dir.inode_unlock_shared();
        });
        FsckReport report = s.Dcache.fsck(quiescent: true);
        Assert.True(report.Clean, report.ToString());
        Assert.Equal(0, d1.d_count);
    }
}
