// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Lustre;
using DcacheStress.Fs.Tests.Support;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Tests.Lustre;

/// <summary>
/// Lock revocation as lustre-release has it: the MDS sends a blocking AST and waits; the holder
/// mount's <c>ldlm_bl</c> thread (not the requester) runs the cancel, and a reader still holding the
/// lock puts the cancel off until its last decref. Deterministic: a gate at the thread's race-window
/// site <c>ldlm_bl_thread:before_cancel</c> holds the callback while the test looks.
/// </summary>
public sealed class LdlmBlockingAstTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    /// <summary>Parks every thread that reaches <c>ldlm_bl_thread:before_cancel</c> until <see cref="Open"/>.</summary>
    private sealed class Gate : IRaceSchedule
    {
        private readonly ManualResetEventSlim _open = new(false);
        public readonly List<(Thread Thread, string Comm)> Arrivals = [];
        public readonly SemaphoreSlim Arrived = new(0);

        public void At(RaceSite site, task_struct task)
        {
            if (site != RaceSite.ldlm_bl_thread_before_cancel)
                return;
            lock (Arrivals)
                Arrivals.Add((Thread.CurrentThread, task.comm));
            Arrived.Release();
            _open.Wait(Long); // a test that failed before opening it lets the thread go after a while
        }

        public void Open() => _open.Set();
    }

    // A holds a valid negative /d/x (and the UPDATE lock on /d that made it valid).
    /// <summary>B creates in /d while a gate holds A's blocking AST at ldlm_bl_thread:before_cancel.</summary>
    private static (Gate Gate, CreateOnB Create) CreateHeldAtTheCancel(LustreWorld w)
    {
        var gate = new Gate();
        w.Dcache.race.SetSchedule(gate);
        var create = new CreateOnB(w);
        Assert.True(gate.Arrived.Wait(Long, TestContext.Current.CancellationToken), "no blocking AST reached ldlm_bl_thread:before_cancel");
        return (gate, create);
    }

    private static (LustreWorld W, ldlm_lock Update) NegativeOnA()
    {
        var w = new LustreWorld("lustre-v4.7");
        Assert.Equal(-Errno.ENOENT, LustreWorld.Open(w.A, "/d/x"));
        Assert.True(w.A.locks.TryGetValue(w.DirId, out ldlm_lock? update));
        Assert.Equal(0, update!.l_readers);
        return (w, update);
    }

    /// <summary>B creates /d/x on a thread of its own: the requester whose change needs A's cancel.</summary>
    private sealed class CreateOnB
    {
        public readonly Thread Thread;
        public int Result = int.MinValue;

        public CreateOnB(LustreWorld w)
        {
            Thread = new Thread(() =>
            {
                task_struct.set_current_task(new task_struct("creator", 2));
                Result = LustreWorld.Open(w.B, "/d/x", O_CREAT | O_RDWR);
            })
            { IsBackground = true, Name = "creator" };
            Thread.Start();
        }

        public bool Wait(TimeSpan t) => Thread.Join(t);
    }

    [Fact]
    public void BlockingAst_RunsOnTheHoldersCallbackThread_NotOnTheRequester()
    {
        var (w, update) = NegativeOnA();
        using var world = w;
        var (gate, create) = CreateHeldAtTheCancel(w);
        gate.Open();
        Assert.True(create.Wait(Long), "the create did not finish");
        Assert.Equal(0, create.Result);
        w.Dcache.race.SetSchedule(null);

        var (thread, comm) = Assert.Single(gate.Arrivals);
        Assert.Same(w.A.ldlm_bl_pool.Thread, thread);
        Assert.NotSame(create.Thread, thread);
        Assert.Equal("ldlm_bl_01", comm);
        Assert.Equal(1, w.A.ldlm_bl_pool.Handled);
        Assert.Equal(0, w.B.ldlm_bl_pool.Handled);
        Assert.True(update.l_cancelled);
        Assert.False(w.A.locks.ContainsKey(w.DirId)); // the cancel unlinked it from A's namespace
        Assert.Empty(w.Hashed(w.A, "x")); // CANCELING invalidated the unused negative
        w.AssertClean();
    }

    [Fact]
    public void MdsChange_WaitsForTheCancel()
    {
        var (w, update) = NegativeOnA();
        using var world = w;
        var (gate, create) = CreateHeldAtTheCancel(w);

        // The AST is held on A's callback thread: the create waits (under the MDS's lock on /d,
        // which a lookup here would wait for too) and the lock is neither CBPENDING nor cancelled.
        Assert.False(create.Wait(Short));
        Assert.False(update.l_cancelled);
        lock (update.l_lock)
            Assert.False(update.cbpending);

        gate.Open();
        Assert.True(create.Wait(Long), "the create did not finish after the cancel");
        Assert.Equal(0, create.Result);
        w.Dcache.race.SetSchedule(null);
        Assert.True(update.l_cancelled);
        Assert.Equal(0, w.Mds.Lookup(w.DirId, "x", out _));
        w.AssertClean();
    }

    [Fact]
    public void ReaderHoldingTheLock_DelaysTheCancelUntilItsLastDecref()
    {
        var (w, update) = NegativeOnA();
        using var world = w;
        Assert.True(update.try_addref(MDS_INODELOCK.UPDATE)); // a reply of A's still being processed
        var create = new CreateOnB(w);

        // The AST arrives, CBPENDING is set (no new matches), but the reader keeps the lock.
        Assert.True(SpinWait.SpinUntil(() => w.A.ldlm_bl_pool.Handled == 1, Long), "the AST never reached A's thread");
        Assert.False(create.Wait(Short));
        lock (update.l_lock)
        {
            Assert.True(update.cbpending);
            Assert.False(update.canceling);
        }
        Assert.False(update.try_addref(MDS_INODELOCK.UPDATE));
        Assert.False(update.l_cancelled);

        update.decref(); // the last reader: the lock goes back to A's thread, which cancels it
        Assert.True(create.Wait(Long), "the create did not finish after the last decref");
        Assert.Equal(0, create.Result);
        Assert.Equal(2, w.A.ldlm_bl_pool.Handled);
        Assert.True(update.l_cancelled);
        w.AssertClean();
    }

    [Fact]
    public void Unmount_StopsTheCallbackThreads()
    {
        var (w, _) = NegativeOnA();
        Thread a = w.A.ldlm_bl_pool.Thread!, b = w.B.ldlm_bl_pool.Thread!;
        Assert.True(a.IsAlive && b.IsAlive);
        w.Dispose();
        Assert.False(a.IsAlive);
        Assert.False(b.IsAlive);
        Assert.Null(w.A.ldlm_bl_pool.Thread);
        // Without a thread the caller runs the callback itself: a change still completes.
        Assert.Equal(0, LustreWorld.Open(w.B, "/d/x", O_CREAT | O_RDWR));
        Assert.Empty(w.Hashed(w.A, "x"));
    }

    [Fact]
    public void StallState_NamesTheMdsWait_TheLocksState_AndTheHoldersCallbackThread()
    {
        var (w, _) = NegativeOnA();
        using var world = w;
        var (gate, create) = CreateHeldAtTheCancel(w);

        var lines = new List<string>();
        var deadline = DateTime.UtcNow + Long;
        while (lines.Count == 0 && DateTime.UtcNow < deadline) // the creator queues the AST before it registers its wait
        {
            Thread.Sleep(1);
            w.Mds.AddStallState(lines, 0);
        }
        w.A.AddStallState(lines, 0);
        gate.Open();
        Assert.True(create.Wait(Long), "the create did not finish");

        // The creator sleeps for A's lock on /d (UPDATE, and LOOKUP from the walk), whose AST A's thread holds (gated) before CBPENDING.
        Assert.Contains(lines, l => l.StartsWith("mds: creator waits in ldlm_completion_ast for ", StringComparison.Ordinal)
            && l.Contains($"fid {w.DirId}, bits 3): l_readers 0, cbpending False, canceling False, ast_sent True, cancelled False", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("ldlm_bl_01: threads 1, queued 0, idle False", StringComparison.Ordinal)
            && l.Contains("wchan ldlm_bl_thread:before_cancel", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("ldlm_bl_01 event: ", StringComparison.Ordinal) && l.Contains("race_window", StringComparison.Ordinal));
        var after = new List<string>();
        w.Mds.AddStallState(after, 0);
        Assert.Empty(after); // no wait left
    }
}
