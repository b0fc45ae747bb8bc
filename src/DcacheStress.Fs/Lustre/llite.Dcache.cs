// SPDX-License-Identifier: GPL-2.0-only
// Ported from drivers/staging/lustre/lustre/llite/dcache.c and llite_internal.h (Linux 4.7 = the
// 4.7-rc3 text; 4.7.4 differs only by 99f1c01319 in namei.c): ll_d_init, d_lustre_invalid,
// __d_lustre_invalidate, d_lustre_invalidate, d_lustre_revalidate, ll_dcompare,
// ll_revalidate_dentry, ll_revalidate_nd, ll_ddelete. Statahead is not modelled.
using DcacheStress.Kernel;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Lustre;

/// <summary>The Lustre client (llite) functions of the model, with kernel names.</summary>
public static partial class llite
{
    /// <summary><c>ll_d2d(de)</c>: the dentry's <c>ll_dentry_data</c>, or null before <c>ll_d_init</c>.</summary>
    internal static ll_dentry_data? ll_d2d(dentry de) => Volatile.Read(ref de.d_fsdata) as ll_dentry_data;

    /// <summary>
    /// <c>ll_d_init(de)</c>: give a dentry its <c>ll_dentry_data</c>, installed under d_lock and born
    /// invalid (<c>__d_lustre_invalidate</c>). Called only from <c>ll_splice_alias</c>.
    /// </summary>
    internal static int ll_d_init(dentry de)
    {
        if (ll_d2d(de) is null)
        {
            var lld = new ll_dentry_data();
            de.d_lock.spin_lock();
            if (ll_d2d(de) is null)
            {
                // As 4.7: the kzalloc'ed lld (lld_invalid 0) is published first and marked invalid
                // second, both under d_lock, which the lockless ll_dcompare does not take; so for
                // an instant an in-lookup dentry compares valid (d_alloc_parallel may then match
                // and wait for it: harmless). Volatile.Write (release) publishes the zeroed lld
                // after its initialisation, which the kernel's plain store relies on kzalloc and
                // the reader's address dependency for; ll_dcompare pairs with it through the
                // Volatile.Read (acquire) in ll_d2d.
                Volatile.Write(ref de.d_fsdata, lld);
                de.sb.s_dcache.race.Hit(RaceSite.ll_d_init_before_invalidate); // repro-only: d_lock held
                __d_lustre_invalidate(de);
            }
            de.d_lock.spin_unlock();
        }
        return 0;
    }

    /// <summary><c>d_lustre_invalid(dentry)</c>: no lld, or <c>lld_invalid</c>.</summary>
    internal static bool d_lustre_invalid(dentry dentry)
    {
        ll_dentry_data? lld = ll_d2d(dentry);
        return lld is null || Volatile.Read(ref lld.lld_invalid) != 0; // READ of a bitfield, lockless in ll_dcompare
    }

    /// <summary><c>__d_lustre_invalidate(dentry)</c>: d_lock held.</summary>
    private static void __d_lustre_invalidate(dentry dentry)
    {
        ll_dentry_data? lld = ll_d2d(dentry);
        if (lld is not null)
            Volatile.Write(ref lld.lld_invalid, 1);
    }

    /// <summary>
    /// <c>d_lustre_invalidate(dentry, nested)</c>: mark it invalid (hidden from lookups by
    /// ll_dcompare); unhash it only if nobody holds it (<c>d_count == 0</c>): a referenced dentry
    /// stays hashed, invalid. Returns true when it unhashed an unused dentry (model: see prune_unused).
    /// </summary>
    internal static bool d_lustre_invalidate(dentry dentry, bool nested)
    {
        _ = nested; // spin_lock_nested(DENTRY_D_LOCK_NESTED): lockdep only
        task_struct.current.trace.add(TraceEvent.d_lustre_invalidate, dentry.d_id, dentry.d_count);
        bool dropped = false;
        dentry.d_lock.spin_lock();
        __d_lustre_invalidate(dentry);
        // d_obtain_alias dentries (DCACHE_DISCONNECTED) live on s_anon: never unhash them here.
        if (dentry.d_lockref.count == 0 && (dentry.flags & DcacheFlags.DCACHE_DISCONNECTED) == 0)
        {
            dropped = !d_unhashed(dentry);
            dentry.sb.s_dcache.__d_drop(dentry);
        }
        dentry.d_lock.spin_unlock();
        return dropped;
    }

    /// <summary>
    /// <c>d_lustre_revalidate(dentry)</c>: under d_lock, <c>LASSERT(ll_d2d(dentry))</c>, clear
    /// <c>lld_invalid</c>. The LASSERT is an LBUG in the kernel; here the named site, and no
    /// revalidation. Harness: a dentry made valid while another valid hashed dentry of the same
    /// name has a different inode is <c>hash.duplicate_name</c> (two answers for one name).
    /// </summary>
    internal static void d_lustre_revalidate(dentry dentry)
    {
        Dcache dc = dentry.sb.s_dcache;
        task_struct.current.trace.add(TraceEvent.d_lustre_revalidate, dentry.d_id, 0);
        dentry.d_lock.spin_lock();
        ll_dentry_data? lld = ll_d2d(dentry);
        if (dc.bug.On(Invariant.d_lustre_revalidate_no_lld, lld is null, dentry))
        {
            dentry.d_lock.spin_unlock();
            return;
        }
        Volatile.Write(ref lld!.lld_invalid, 0);
        dentry.d_lock.spin_unlock();
        if (!d_unhashed(dentry))
        {
            inode? mine = d_inode(dentry);
            dentry? other = dc.d_hash_find_other(dentry, o => !d_lustre_invalid(o) && !ReferenceEquals(d_inode(o), mine));
            dc.bug.On(Invariant.hash_duplicate_name, other is not null, dentry);
        }
    }

    /// <summary>
    /// <c>ll_dcompare(parent, dentry, len, str, name)</c>: length and bytes, then a mountpoint
    /// matches (none in the model) and an invalid dentry does not. In-lookup dentries have no lld
    /// yet, so they never match either: in 4.7 <c>d_alloc_parallel</c> never finds another
    /// thread's in-lookup Lustre dentry (NeilBrown's a22c3d41d187 changed that; a patch may).
    /// </summary>
    internal static int ll_dcompare(LustrePatch patch, dentry dentry, uint len, ReadOnlySpan<byte> str, in qstr name)
    {
        if (len != name.len)
            return 1;
        if (str.Length < (int)len || !str[..(int)len].SequenceEqual(name.name))
            return 1;
        // mountpoint is always valid: d_mountpoint() is never true here
        if (patch.ll_dcompare_matches_in_lookup && d_in_lookup(dentry))
            return 0;
        if (d_lustre_invalid(dentry))
            return 1;
        return 0;
    }

    /// <summary>
    /// <c>ll_revalidate_dentry(dentry, lookup_flags)</c> as in 4.7: an open that may create goes to
    /// the MDS (0); any other open, a parent walk or a create trusts the dentry (1); statahead
    /// (not modelled) is never wanted, so everything else trusts it too. It never looks at
    /// <c>d_inode</c>: a visible negative dentry is valid for an open without O_CREAT.
    /// </summary>
    public static int ll_revalidate_dentry(dentry dentry, uint lookup_flags)
    {
        // if open&create is set, talk to MDS to make sure file is created if necessary
        if ((lookup_flags & (LOOKUP_OPEN | LOOKUP_CREATE)) == (LOOKUP_OPEN | LOOKUP_CREATE))
            return 0;
        if ((lookup_flags & (LOOKUP_PARENT | LOOKUP_OPEN | LOOKUP_CREATE)) != 0)
            return 1;
        // d_need_statahead(dir, dentry) <= 0: statahead is not modelled
        return 1;
    }

    /// <summary>
    /// <c>ll_ddelete(de)</c>: at the last dput, do not cache an invalid dentry. The kernel's
    /// <c>LASSERT(d_count(de) == 1)</c> holds by construction of dput here.
    /// </summary>
    internal static bool ll_ddelete(dentry de) => d_lustre_invalid(de);
}
