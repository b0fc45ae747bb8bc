// SPDX-License-Identifier: GPL-2.0-only
// The client side of lock revocation, after lustre-release as of mid-2016 (29f9761, 2016-06-28):
// lustre/ldlm/ldlm_lockd.c (__ldlm_bl_to_thread, ldlm_bl_get_work, ldlm_bl_thread_blwi,
// ldlm_bl_thread_main, ldlm_handle_bl_callback, ldlm_cleanup's stop item) and
// lustre/ldlm/ldlm_request.c (ldlm_cli_cancel, ldlm_cli_cancel_local). Our own code and comments.
using System.Runtime.CompilerServices;
using DcacheStress.Kernel;
using DcacheStress.Kernel.Locking;

namespace DcacheStress.Fs.Lustre;

/// <summary>
/// <c>struct ldlm_bl_work_item</c>: one lock for a <c>ldlm_bl</c> thread, or (no lock) the stop
/// item <c>ldlm_cleanup</c> queues (<c>blwi_ns == NULL</c>).
/// </summary>
internal sealed class ldlm_bl_work_item(ldlm_lock? blwi_lock)
{
    /// <summary><c>blwi_lock</c>; null: the thread stops (<c>LDLM_ITER_STOP</c>).</summary>
    public ldlm_lock? blwi_lock { get; } = blwi_lock;
}

/// <summary>
/// <c>struct ldlm_bl_pool</c> of one mount: the queue of blocking callbacks (<c>blp_list</c> under
/// <c>blp_lock</c>) and its thread, <c>ldlm_bl_01</c>. In Lustre the pool is per node (racer's two
/// mounts would share it) and grows on demand; here each mount has one thread of its own. The
/// thread starts with the mount and stops at unmount (<see cref="ldlm_bl_thread_stop"/>); with
/// <see cref="FsMountOptions.StartThreads"/> false the caller starts it (<see cref="ldlm_bl_thread_start"/>)
/// and runs <see cref="ldlm_bl_thread_main"/> (explore: as a controlled task). While no thread runs, work is refused and the caller runs the
/// callback itself, as <c>ldlm_callback_handler</c> and <c>ldlm_lock_decref_internal</c> do when
/// <c>ldlm_bl_to_thread_lock</c> fails.
/// </summary>
public sealed class ldlm_bl_pool
{
    private readonly LustreMount _ns;
    private spinlock_t blp_lock;                      // mutable struct: never readonly
    private readonly Queue<ldlm_bl_work_item> blp_list = new(); // under blp_lock
    private wait_queue_t? blp_waiter;                 // the idle thread's entry on blp_waitq, under blp_lock
    private int blp_num_threads;                      // under blp_lock
    private Thread? _thread;
    private task_struct? _task;                       // the thread's task once it runs (stall records)
    private long _handled;

    /// <summary>The thread's name.</summary>
    public string Comm { get; }

    /// <summary>Blocking callbacks the thread ran (each dequeued lock once).</summary>
    public long Handled => Interlocked.Read(ref _handled);

    /// <summary>The OS thread running the pool (stress), or null (not started, stopped, or run by the caller).</summary>
    public Thread? Thread => _thread;

    internal ldlm_bl_pool(LustreMount ns, bool start)
    {
        _ns = ns;
        Comm = "ldlm_bl_01";
        if (!start)
            return;
        ldlm_bl_thread_start(); // counted before it runs: a stop or an AST right after finds it
        _thread = new Thread(ldlm_bl_thread_main) { IsBackground = true, Name = $"{ns.sb.s_id}:{Comm}" };
        _thread.Start();
    }

    /// <summary>
    /// <c>ldlm_bl_to_thread_lock(ns, ld, lock)</c> → <c>__ldlm_bl_to_thread(blwi, LCF_ASYNC)</c>: queue
    /// <paramref name="lock"/> and wake the thread. False when no thread runs (the caller runs the callback).
    /// </summary>
    internal bool ldlm_bl_to_thread_lock(ldlm_lock @lock) => __ldlm_bl_to_thread(new ldlm_bl_work_item(@lock));

    private bool __ldlm_bl_to_thread(ldlm_bl_work_item blwi)
    {
        blp_lock.spin_lock();
        if (blp_num_threads == 0)
        {
            blp_lock.spin_unlock();
            return false;
        }
        blp_list.Enqueue(blwi);
        wait_queue_t? sleeper = blp_waiter;
        blp_waiter = null;
        blp_lock.spin_unlock();
        sleeper?.wake(); // wake_up(&blp->blp_waitq); the sleeper queued itself under blp_lock, so no wake is lost
        return true;
    }

    /// <summary>
    /// <c>ldlm_bl_thread_start</c>: count a thread in (work is queued for it from now on, even
    /// before it runs). Then run <see cref="ldlm_bl_thread_main"/> on it.
    /// </summary>
    public void ldlm_bl_thread_start()
    {
        blp_lock.spin_lock();
        blp_num_threads++;
        blp_lock.spin_unlock();
    }

    /// <summary>
    /// <c>ldlm_bl_thread_main</c>: take work (<c>ldlm_bl_get_work</c>), sleeping on <c>blp_waitq</c>
    /// while there is none, and run it (<c>ldlm_bl_thread_blwi</c>) until the stop item comes.
    /// Counted in by <see cref="ldlm_bl_thread_start"/>; counts itself out on the way out.
    /// </summary>
    public void ldlm_bl_thread_main()
    {
        task_struct task = task_struct.current;
        if (task.scheduler is null)
            task_struct.set_current_task(task = new task_struct(Comm, 0)); // an OS thread of its own
        Volatile.Write(ref _task, task);
        var wait = new wait_queue_t { comm = Comm }; // the thread's entry on blp_waitq
        try
        {
            while (true)
            {
                ldlm_bl_work_item blwi = ldlm_bl_get_work(wait, task);
                if (blwi.blwi_lock is null)
                    break; // added by ldlm_cleanup()
                ldlm_bl_thread_blwi(blwi.blwi_lock);
            }
        }
        finally
        {
            blp_lock.spin_lock();
            blp_num_threads--;
            blp_lock.spin_unlock();
        }
    }

    // l_wait_event_exclusive(blp->blp_waitq, ldlm_bl_get_work(blp, &blwi, &exp), &lwi)
    [MethodImpl(MethodImplOptions.NoInlining)] // explore names it in interleavings
    private ldlm_bl_work_item ldlm_bl_get_work(wait_queue_t wait, task_struct task)
    {
        while (true)
        {
            blp_lock.spin_lock();
            if (blp_list.TryDequeue(out ldlm_bl_work_item? blwi))
            {
                blp_lock.spin_unlock();
                return blwi;
            }
            // Queue ourselves and set the state before the unlock: a waker takes blp_lock after us,
            // finds us and sets us running, and schedule() then returns at once.
            wait.set_current_state(wait_queue_t.TASK_UNINTERRUPTIBLE);
            blp_waiter = wait;
            blp_lock.spin_unlock();
            task.wchan = "ldlm_bl_get_work";
            wait.schedule(); // explore: a sleep; runnable again after __ldlm_bl_to_thread's wake
            task.wchan = null;
        }
    }

    // ldlm_bl_thread_blwi: OBD_FAIL_TIMEOUT(OBD_FAIL_LDLM_PAUSE_CANCEL2) sits where the race window
    // does: the AST has arrived, the lock is not CBPENDING yet and still matches.
    private void ldlm_bl_thread_blwi(ldlm_lock @lock)
    {
        _ns.Dcache.race.Hit(RaceSite.ldlm_bl_thread_before_cancel);
        Interlocked.Increment(ref _handled);
        ldlm.ldlm_handle_bl_callback(_ns, @lock);
    }

    /// <summary>
    /// Stall records: the thread's state (wchan, queue, lock it is on) and its last events. A racy
    /// read: the queue is counted under blp_lock, the rest read as it stands.
    /// </summary>
    internal void AddStallState(List<string> lines, long originTicks)
    {
        blp_lock.spin_lock();
        int queued = blp_list.Count, threads = blp_num_threads;
        bool idle = blp_waiter is not null;
        blp_lock.spin_unlock();
        task_struct? task = Volatile.Read(ref _task);
        string who = $"{_ns.sb.s_id} {Comm}";
        lines.Add($"{who}: threads {threads}, queued {queued}, idle {idle}, handled {Handled}, wchan {task?.wchan ?? (task is null ? "(never ran)" : "(running)")}, os thread {(_thread is { } t ? t.ThreadState.ToString() : "none")}");
        if (task is null)
            return;
        List<string> events = task.trace.snapshot($"{_ns.sb.s_id}:{Comm}", originTicks);
        foreach (string e in events.Skip(Math.Max(0, events.Count - 8)))
            lines.Add($"{who} event: {e}");
    }

    /// <summary>
    /// <c>ldlm_cleanup</c>'s stop: queue the stop item behind any work left and wait for the thread
    /// to exit. Idempotent; nothing to do for a pool whose thread the caller runs.
    /// </summary>
    internal void ldlm_bl_thread_stop()
    {
        Thread? t = Interlocked.Exchange(ref _thread, null);
        if (t is null)
            return;
        if (!__ldlm_bl_to_thread(new ldlm_bl_work_item(null)))
            return; // the thread never ran (or already left)
        // Bounded: a thread stuck behind a wedged worker (an unstoppable run) must not hang the shutdown.
        t.Join(TimeSpan.FromSeconds(10));
    }
}

/// <summary>The DLM functions of the client's cancel path.</summary>
internal static class ldlm
{
    /// <summary>
    /// <c>ldlm_handle_bl_callback(ns, ld, lock)</c>: set CBPENDING (no new matches); with no reader
    /// left run <c>l_blocking_ast(LDLM_CB_BLOCKING)</c> (<c>ll_md_blocking_ast</c>, which cancels),
    /// else leave the cancel to the last <see cref="ldlm_lock.decref"/>.
    /// </summary>
    public static void ldlm_handle_bl_callback(LustreMount ns, ldlm_lock @lock)
    {
        bool do_ast;
        lock (@lock.l_lock) // lock_res_and_lock(lock)
        {
            @lock.cbpending = true; // ldlm_set_cbpending(lock)
            do_ast = @lock.l_readers == 0;
        }
        if (do_ast)
            llite.ll_md_blocking_ast(ns, @lock, ldlm_cb_flag.LDLM_CB_BLOCKING);
        // else: "Lock is referenced, will be cancelled later"
    }

    /// <summary>
    /// <c>ldlm_cli_cancel(&amp;lockh, LCF_ASYNC)</c>: once per lock (CANCELING under the lock), then
    /// <c>ldlm_cli_cancel_local</c> (<c>ldlm_lock_cancel</c> → <c>ldlm_cancel_callback</c> →
    /// <c>l_blocking_ast(LDLM_CB_CANCELING)</c>, then the lock leaves the client's namespace) and
    /// the LDLM_CANCEL to the MDS (<c>ldlm_cli_cancel_req</c> → <c>ldlm_handle_cancel</c>).
    /// </summary>
    public static void ldlm_cli_cancel(LustreMount ns, ldlm_lock @lock)
    {
        lock (@lock.l_lock)
        {
            if (@lock.canceling)
                return; // "Lock is being canceled and the caller doesn't want to wait"
            @lock.canceling = true; // ldlm_set_canceling(lock)
        }
        llite.ll_md_blocking_ast(ns, @lock, ldlm_cb_flag.LDLM_CB_CANCELING); // ldlm_cancel_callback
        ((ICollection<KeyValuePair<ulong, ldlm_lock>>)ns.locks).Remove(new(@lock.l_resource, @lock)); // ldlm_resource_unlink_lock
        @lock.ldlm_handle_cancel(); // the LDLM_CANCEL RPC, handled by the MDS
    }
}
