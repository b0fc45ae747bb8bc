// SPDX-License-Identifier: GPL-2.0-only
// struct ldlm_lock (the inodebits part), after lustre/include/lustre_dlm.h (Linux 4.7 staging).
using DcacheStress.Kernel;
using DcacheStress.Kernel.Locking;

namespace DcacheStress.Fs.Lustre;

/// <summary><c>MDS_INODELOCK_*</c>: the inodebits of a metadata lock (lustre_idl.h).</summary>
public static class MDS_INODELOCK
{
    /// <summary><c>MDS_INODELOCK_LOOKUP</c>: the name → inode binding (guards positive dentries).</summary>
    public const int LOOKUP = 0x1;

    /// <summary><c>MDS_INODELOCK_UPDATE</c>: a directory's contents (guards its negative dentries).</summary>
    public const int UPDATE = 0x2;
}

/// <summary><c>enum ldlm_cb_flag</c>: why <c>l_blocking_ast</c> is called.</summary>
public enum ldlm_cb_flag
{
    /// <summary><c>LDLM_CB_BLOCKING</c>: a conflicting request wants the lock; cancel it.</summary>
    LDLM_CB_BLOCKING,
    /// <summary><c>LDLM_CB_CANCELING</c>: the lock is being cancelled; drop what it guarded.</summary>
    LDLM_CB_CANCELING,
}

/// <summary>
/// One granted inodebits lock of one mount (client) on one resource (a FID). The MDS grants it with
/// an intent reply holding one reader reference (<c>it_lock_mode</c>) that the client drops when it
/// is done with the reply (<c>ll_intent_drop_lock</c>); <c>md_revalidate_lock</c> takes another.
/// The model keeps the server's and the client's view in one object: <see cref="ast_sent"/> and
/// <see cref="l_cancelled"/> are the MDS's, <see cref="cbpending"/> and <see cref="canceling"/>
/// the client's. Revocation (lustre-release, mid-2016): the MDS sends a blocking AST and waits
/// (<see cref="wait_cancelled"/>); the holder's <c>ldlm_bl</c> thread sets CBPENDING (no new
/// matches) and cancels at once if no reader is left, else the last <see cref="decref"/> hands the
/// lock back to the thread (<c>ldlm_lock_decref_internal</c>), which cancels it then.
/// </summary>
public sealed class ldlm_lock
{
    /// <summary>The resource: the FID the lock is on (<c>l_resource->lr_name</c>).</summary>
    public ulong l_resource { get; }

    /// <summary><c>l_policy_data.l_inodebits.bits</c> (under <see cref="l_lock"/>).</summary>
    internal int bits;

    /// <summary>The mount holding it.</summary>
    internal LustreMount owner { get; }

    /// <summary><c>l_readers</c>: references of replies being processed (under <see cref="l_lock"/>).</summary>
    internal int l_readers;

    /// <summary><c>ldlm_is_cbpending(lock)</c>: a blocking AST arrived; no new matches (under <see cref="l_lock"/>).</summary>
    internal bool cbpending;

    /// <summary><c>ldlm_is_canceling(lock)</c>: <c>ldlm_cli_cancel</c> has begun (under <see cref="l_lock"/>).</summary>
    internal bool canceling;

    /// <summary>Server side, <c>LDLM_FL_AST_SENT</c>: the MDS revokes it; no grant merges into it (under the MDS's DLM lock).</summary>
    internal bool ast_sent;

    /// <summary>Server side: the holder's cancel arrived (<c>ldlm_handle_cancel</c>).</summary>
    private int _cancelled;

    /// <summary>The MDS's waiter for the cancel (<c>lock->l_waitq</c>); a fresh lock has a fresh head.</summary>
    private readonly wait_queue_head_t l_waitq = new();

    /// <summary><c>l_lock</c>: the lock's own spinlock (a monitor here: no scheduling point is ever taken under it).</summary>
    internal object l_lock => this;

    internal ldlm_lock(LustreMount owner, ulong resource, int bits)
    {
        this.owner = owner;
        l_resource = resource;
        this.bits = bits;
    }

    /// <summary>True once the holder's cancel reached the MDS.</summary>
    internal bool l_cancelled => Volatile.Read(ref _cancelled) != 0;

    /// <summary>
    /// <c>ldlm_lock_match</c> of a granted lock: take a reader reference unless a blocking AST
    /// arrived (CBPENDING), the lock is being cancelled, or it lacks <paramref name="want"/>.
    /// </summary>
    internal bool try_addref(int want)
    {
        lock (l_lock)
        {
            if (cbpending || canceling || (bits & want) != want)
                return false;
            l_readers++;
            return true;
        }
    }

    /// <summary>
    /// <c>ldlm_lock_decref</c> (<c>ldlm_lock_decref_internal</c>): the last reader of a lock whose
    /// blocking AST already came hands it to its mount's <c>ldlm_bl</c> thread
    /// (<c>ldlm_bl_to_thread_lock</c>), or runs the callback itself when no thread takes it.
    /// </summary>
    internal void decref()
    {
        bool last;
        lock (l_lock)
        {
            l_readers--;
            last = l_readers == 0 && cbpending;
        }
        if (last)
            owner.ldlm_callback_handler(this);
    }

    /// <summary>
    /// Server: <c>ldlm_handle_cancel</c> for this lock: mark it cancelled and wake the MDS thread
    /// waiting in <see cref="wait_cancelled"/>. The release store pairs with the load there.
    /// </summary>
    internal void ldlm_handle_cancel()
    {
        Volatile.Write(ref _cancelled, 1); // smp_store_release; pairs with the load in wait_cancelled
        l_waitq.wake_up_all();
    }

    /// <summary>
    /// Server: wait until the holder cancelled the lock (<c>l_wait_event(lock->l_waitq, ...)</c> of
    /// <c>ldlm_completion_ast</c>): a sleep, so under explore a point that blocks until a wake.
    /// </summary>
    internal void wait_cancelled()
    {
        if (l_cancelled)
            return;
        var task = task_struct.current;
        var wait = new wait_queue_t { comm = task.comm }; // DECLARE_WAITQUEUE(wait, current)
        l_waitq.add_wait_queue(wait);
        task.wchan = "ldlm_completion_ast";
        while (true)
        {
            // set_current_state is a full barrier: the load below cannot pass the queueing above,
            // so a cancel that lands after the load finds us queued and wakes us.
            wait.set_current_state(wait_queue_t.TASK_UNINTERRUPTIBLE);
            if (l_cancelled)
                break;
            wait.schedule();
        }
        wait.set_current_state(wait_queue_t.TASK_RUNNING);
        task.wchan = null;
    }

    /// <summary>Stall records: the lock and its reference/flag state (a racy read, for diagnosis only).</summary>
    internal string ldlm_lock_dump()
    {
        lock (l_lock)
            return $"{this}: l_readers {l_readers}, cbpending {cbpending}, canceling {canceling}, ast_sent {ast_sent}, cancelled {l_cancelled}";
    }

    /// <inheritdoc/>
    public override string ToString() => $"ldlm_lock({owner.sb.s_id}, fid {l_resource}, bits {bits})";
}
