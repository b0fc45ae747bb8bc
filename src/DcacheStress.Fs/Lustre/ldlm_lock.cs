// SPDX-License-Identifier: GPL-2.0-only
// struct ldlm_lock (the inodebits part), after lustre/include/lustre_dlm.h (Linux 4.7 staging).
namespace DcacheStress.Fs.Lustre;

/// <summary><c>MDS_INODELOCK_*</c>: the inodebits of a metadata lock (lustre_idl.h).</summary>
public static class MDS_INODELOCK
{
    /// <summary><c>MDS_INODELOCK_LOOKUP</c>: the name → inode binding (guards positive dentries).</summary>
    public const int LOOKUP = 0x1;

    /// <summary><c>MDS_INODELOCK_UPDATE</c>: a directory's contents (guards its negative dentries).</summary>
    public const int UPDATE = 0x2;
}

/// <summary>
/// One granted inodebits lock of one mount (client) on one resource (a FID). The MDS grants it with
/// an intent reply holding one reader reference (<c>it_lock_mode</c>) that the client drops when it
/// is done with the reply (<c>ll_intent_drop_lock</c>); <c>md_revalidate_lock</c> takes another.
/// A cancel first stops new matches (<c>ldlm_is_canceling</c>), waits until no reader is left,
/// then runs the blocking AST with <c>LDLM_CB_CANCELING</c> on the holder's callback thread.
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

    /// <summary><c>ldlm_is_canceling(lock)</c> (under <see cref="l_lock"/>).</summary>
    internal bool canceling;

    /// <summary><c>l_lock</c>: the lock's own spinlock (a monitor here: the DLM is model, not port).</summary>
    internal object l_lock => this;

    internal ldlm_lock(LustreMount owner, ulong resource, int bits)
    {
        this.owner = owner;
        l_resource = resource;
        this.bits = bits;
    }

    /// <summary>Take a reader reference unless the lock is being cancelled or lacks <paramref name="want"/>.</summary>
    internal bool try_addref(int want)
    {
        lock (l_lock)
        {
            if (canceling || (bits & want) != want)
                return false;
            l_readers++;
            return true;
        }
    }

    /// <summary><c>ldlm_lock_decref</c>.</summary>
    internal void decref()
    {
        lock (l_lock)
            l_readers--;
    }

    /// <inheritdoc/>
    public override string ToString() => $"ldlm_lock({owner.sb.s_id}, fid {l_resource}, bits {bits})";
}
