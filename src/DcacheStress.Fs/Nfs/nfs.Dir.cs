// SPDX-License-Identifier: GPL-2.0-only
// Ported from fs/nfs/dir.c and include/linux/nfs_fs.h (Linux v4.7): verifiers, revalidation,
// nfs_lookup, nfs_prime_dcache, nfs_readdir, nfs_unlink, nfs_rename, nfs_mkdir, nfs_instantiate.
// nfs_atomic_open lives in the patch classes (it is what they change).
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;
using DcacheStress.Kernel.Locking;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Nfs;

/// <summary>The NFS client functions of the model, with kernel names.</summary>
public static partial class nfs
{
    /// <summary><c>NFS_SERVER(dir)->namelen</c>.</summary>
    public const int namelen = 255;

    internal static string name_of(dentry d) => d.name;

    // ---- include/linux/nfs_fs.h verifier helpers ---------------------------------------------------

    /// <summary><c>nfs_save_change_attribute(dir)</c>.</summary>
    public static long nfs_save_change_attribute(inode dir) => Volatile.Read(ref NfsMount.NFS_I(dir).cache_change_attribute);

    /// <summary><c>nfs_set_verifier(dentry, verf)</c>: a plain store of d_time, as in 4.7.</summary>
    public static void nfs_set_verifier(dentry dentry, long verf) => dentry.time = verf;

    /// <summary><c>nfs_verify_change_attribute(dir, chattr)</c>.</summary>
    internal static bool nfs_verify_change_attribute(inode dir, long chattr) => chattr == nfs_save_change_attribute(dir);

    /// <summary>
    /// <c>nfs_check_verifier(dir, dentry, rcu_walk)</c>: true while the dentry's verifier matches the
    /// directory's and the directory's attributes are still current: in ref-walk a GETATTR when
    /// they are stale (<c>nfs_revalidate_inode</c>), in RCU-walk only the client's own attribute
    /// cache (<c>nfs_revalidate_inode_rcu</c>: stale means "not sure", no server peek).
    /// </summary>
    internal static bool nfs_check_verifier(inode dir, dentry dentry, bool rcu_walk)
    {
        if (IS_ROOT(dentry))
            return true;
        if (!nfs_verify_change_attribute(dir, dentry.time))
            return false;
        // Revalidate nfsi->cache_change_attribute before we declare a match
        int ret = rcu_walk ? nfs_revalidate_inode_rcu(dir) : nfs_revalidate_inode(dir);
        if (ret < 0)
            return false;
        if (!nfs_verify_change_attribute(dir, dentry.time))
            return false;
        return true;
    }

    /// <summary><c>nfs_neg_need_reval(dir, dentry, flags)</c>: never for a create; else the verifier.</summary>
    internal static bool nfs_neg_need_reval(inode dir, dentry dentry, uint flags)
    {
        // Don't revalidate a negative dentry if we're creating a new file
        if ((flags & LOOKUP_CREATE) != 0)
            return false;
        return !nfs_check_verifier(dir, dentry, (flags & LOOKUP_RCU) != 0);
    }

    /// <summary>
    /// <c>nfs_lookup_revalidate(dentry, flags)</c>: the generic revalidation (negative: the
    /// verifier; positive: the parent's verifier, else a LOOKUP RPC comparing the file id).
    /// </summary>
    public static int nfs_lookup_revalidate(dentry dentry, uint flags)
    {
        var mount = NfsMount.NFS_SB(dentry.sb);
        dentry parent = dentry.parent;
        inode? dir = d_inode(parent);
        if (dir is null)
            return (flags & LOOKUP_RCU) != 0 ? -Errno.ECHILD : 0;
        inode? inode = d_inode(dentry);

        if (inode is null)
        {
            if (nfs_neg_need_reval(dir, dentry, flags))
            {
                if ((flags & LOOKUP_RCU) != 0)
                    return -Errno.ECHILD;
                goto out_bad;
            }
            goto out_valid; // out_valid_noent
        }

        // is_bad_inode / have_delegation: neither is modelled.
        // Force a full look up iff the parent directory has changed
        if (!nfs_is_exclusive_create(flags) && nfs_check_verifier(dir, dentry, (flags & LOOKUP_RCU) != 0))
        {
            if (nfs_lookup_verify_inode(inode, flags) != 0)
            {
                if ((flags & LOOKUP_RCU) != 0)
                    return -Errno.ECHILD;
                goto out_zap_parent;
            }
            goto out_valid;
        }

        if ((flags & LOOKUP_RCU) != 0)
            return -Errno.ECHILD;

        if (NFS_STALE(inode))
            goto out_bad;

        long time_start = mount.Clock.jiffies;
        task_struct.current.trace.add(TraceEvent.lookup_rpc, dentry.d_id, 1);
        int error = mount.Server.Lookup(NfsMount.NFS_I(dir).fileid, name_of(dentry), out ServerEntry e);
        if (error != 0)
            goto out_bad;
        if (e.FileId != NfsMount.NFS_I(inode).fileid) // nfs_compare_fh
            goto out_bad;
        if (nfs_refresh_inode(inode, e, time_start) != 0)
            goto out_bad;
        nfs_set_verifier(dentry, nfs_save_change_attribute(dir)); // out_set_verifier
    out_valid:
        // (nfs_advise_use_readdirplus: the model always uses READDIRPLUS)
        if ((flags & LOOKUP_RCU) != 0 && !ReferenceEquals(parent, dentry.parent))
            return -Errno.ECHILD; // out_valid_noent: d_parent changed under RCU-walk
        return 1;
    out_zap_parent:
        nfs_zap_caches(dir);
    out_bad:
        // WARN_ON(flags & LOOKUP_RCU) cannot trigger: every RCU path above returned -ECHILD.
        nfs_mark_for_revalidate(dir);
        if (inode is not null && inode.S_ISDIR)
        {
            // Purge readdir caches.
            nfs_zap_caches(inode);
            if (IS_ROOT(dentry))
                goto out_valid;
        }
        return 0;
    }

    /// <summary><c>nfs_is_exclusive_create(dir, flags)</c> (NFSv4: LOOKUP_EXCL).</summary>
    private static bool nfs_is_exclusive_create(uint flags) => (flags & LOOKUP_EXCL) != 0;

    /// <summary>
    /// <c>nfs_lookup_verify_inode(inode, flags)</c>: a positive dentry whose parent is unchanged is
    /// still checked on the wire when the VFS asks for it (LOOKUP_REVAL) or when this is an open(2)
    /// of a regular file or directory (close-to-open; the model never mounts nocto). In RCU-walk
    /// that is -ECHILD. An inode whose link count went to 0 is -ENOENT.
    /// </summary>
    internal static int nfs_lookup_verify_inode(inode inode, uint flags)
    {
        // IS_AUTOMOUNT: no automounts in the model
        if ((flags & LOOKUP_REVAL) != 0)
            goto out_force; // VFS wants an on-the-wire revalidation
        if ((flags & LOOKUP_OPEN) != 0 && (inode.S_ISREG || inode.S_ISDIR))
            goto out_force; // This is an open(2)
    out_:
        return Volatile.Read(ref inode.i_nlink) == 0 ? -Errno.ENOENT : 0;
    out_force:
        if ((flags & LOOKUP_RCU) != 0)
            return -Errno.ECHILD;
        int ret = __nfs_revalidate_inode(inode);
        if (ret != 0)
            return ret;
        goto out_;
    }

    /// <summary>
    /// <c>nfs4_lookup_revalidate(dentry, flags)</c> as in 4.7: with an open intent a negative dentry is
    /// valid while its verifier holds (and then goes on to ->atomic_open); a positive regular file
    /// defers its checks to the open.
    /// </summary>
    public static int nfs4_lookup_revalidate(dentry dentry, uint flags)
    {
        if ((flags & LOOKUP_OPEN) == 0 || (flags & LOOKUP_DIRECTORY) != 0)
            goto no_open;
        inode? inode = d_inode(dentry);
        if (inode is null)
        {
            // We can't create new files in nfs_open_revalidate(), so we optimize away revalidation
            // of negative dentries.
            dentry parent = dentry.parent;
            inode? dir = d_inode(parent);
            if (dir is null)
                return (flags & LOOKUP_RCU) != 0 ? -Errno.ECHILD : 0;
            int ret = !nfs_neg_need_reval(dir, dentry, flags) ? 1 : (flags & LOOKUP_RCU) != 0 ? -Errno.ECHILD : 0;
            if ((flags & LOOKUP_RCU) != 0 && !ReferenceEquals(parent, dentry.parent))
                return -Errno.ECHILD;
            return ret;
        }
        if (!inode.S_ISREG)
            goto no_open;
        if ((flags & LOOKUP_EXCL) != 0)
            goto no_open;
        // We cannot do exclusive creation on a positive dentry
        return 1;
    no_open:
        return nfs_lookup_revalidate(dentry, flags);
    }

    /// <summary>
    /// <c>nfs_lookup(dir, dentry, flags)</c>: LOOKUP RPC, then <c>d_splice_alias</c> of the result
    /// (negative when the name is absent). The dentry may be in-lookup (lookup_slow/lookup_open), a
    /// plain one under an exclusive parent lock (__lookup_hash), or — from nfs_atomic_open's
    /// no_open path in the broken patches — a shared hashed negative one.
    /// </summary>
    public static dentry? nfs_lookup(inode dir, dentry dentry, uint flags)
    {
        var mount = NfsMount.NFS_SB(dir.i_sb);
        if (dentry.name.Length > namelen)
            return dentry.ERR_PTR(-Errno.ENAMETOOLONG);
        // nfs_is_exclusive_create(): skip the lookup; leave the dentry negative and unhashed
        if ((flags & LOOKUP_EXCL) != 0)
            return null;
        long time_start = mount.Clock.jiffies;
        task_struct.current.trace.add(TraceEvent.lookup_rpc, dentry.d_id, 0);
        int error = mount.Server.Lookup(NfsMount.NFS_I(dir).fileid, name_of(dentry), out ServerEntry e);
        inode? inode = null;
        if (error == -Errno.ENOENT)
            goto no_entry;
        if (error < 0)
            return dentry.ERR_PTR(error);
        inode = mount.nfs_fhget(e, time_start);
    no_entry:
        dentry? res = mount.Dcache.d_splice_alias(inode, dentry);
        if (res is not null)
        {
            if (dentry.IS_ERR(res))
                return res;
            dentry = res;
        }
        nfs_set_verifier(dentry, nfs_save_change_attribute(dir));
        return res;
    }

    /// <summary><c>nfs_same_file(dentry, entry)</c>.</summary>
    private static bool nfs_same_file(dentry dentry, ServerEntry entry)
    {
        inode? inode = d_inode(dentry);
        return inode is not null && NfsMount.NFS_I(inode).fileid == entry.FileId;
    }

    /// <summary>
    /// <c>nfs_prime_dcache(parent, entry)</c>: readdir (`ls`) fills the dcache. An existing hashed
    /// dentry that is negative or another file is invalidated (someone else's shared negative
    /// dentry gets unhashed under them); otherwise the entry is spliced into a dentry this thread
    /// owns in-lookup.
    /// </summary>
    internal static void nfs_prime_dcache(NfsMount mount, dentry parent, ServerEntry entry, long time_start)
    {
        Dcache dc = mount.Dcache;
        var wq = new wait_queue_head_t();
        byte[] name = System.Text.Encoding.UTF8.GetBytes(entry.Name);
        var filename = qstr.from(name);
        inode dir = parent.inode!;

        dentry? dentry = dc.d_lookup(parent, filename);
    again:
        if (dentry is null)
        {
            dentry = dc.d_alloc_parallel(parent, filename, wq);
            if (dentry.IS_ERR(dentry))
                return;
        }
        if (!d_in_lookup(dentry))
        {
            if (nfs_same_file(dentry, entry))
            {
                nfs_set_verifier(dentry, nfs_save_change_attribute(dir));
                nfs_refresh_inode(dentry.inode!, entry, time_start);
                goto out_;
            }
            dc.d_invalidate(dentry);
            dc.dput(dentry);
            dentry = null;
            goto again;
        }
        inode inode = mount.nfs_fhget(entry, time_start);
        dc.race.Hit(RaceSite.nfs_prime_dcache_before_splice);
        dentry? alias = dc.d_splice_alias(inode, dentry);
        dc.d_lookup_done(dentry);
        if (alias is not null)
        {
            if (dentry.IS_ERR(alias))
                goto out_;
            dc.dput(dentry);
            dentry = alias;
        }
        nfs_set_verifier(dentry, nfs_save_change_attribute(dir));
    out_:
        dc.dput(dentry);
    }

    /// <summary>
    /// <c>nfs_readdir(file, ctx)</c>: revalidate the directory's page cache (<c>nfs_revalidate_mapping</c>),
    /// then answer from the cached pages (<c>nfs_do_filldir</c>: each entry to <c>dir_emit</c>); only
    /// when they are gone does a READDIRPLUS refill them, and only that fill primes the dcache
    /// (<c>nfs_readdir_page_filler</c> → <c>nfs_prime_dcache</c>). The model reads the whole directory
    /// in one call (ctx->pos is 0).
    /// </summary>
    internal static int nfs_readdir(NfsMount mount, filp file, dir_context ctx)
    {
        dentry parent = file.f_path.dentry!;
        inode dir = parent.inode!;
        var nfsi = NfsMount.NFS_I(dir);
        // if (ctx->pos == 0 || nfs_dir_mapping_need_revalidate(inode)): pos is always 0 here
        int res = nfs_revalidate_mapping(dir);
        if (res < 0)
            return res;
        ServerEntry[]? pages = Volatile.Read(ref nfsi.readdir_pages); // readdir_search_pagecache
        if (pages is null)
            pages = nfs_readdir_page_filler(mount, parent, dir);
        foreach (var e in pages) // nfs_do_filldir
        {
            if (!ctx.dir_emit(e.Name, e.FileId, dir_context.S_DT(e.Mode)))
                break;
        }
        return 0;
    }

    /// <summary>
    /// <c>nfs_readdir_xdr_to_array</c> → <c>nfs_readdir_page_filler</c>: READDIRPLUS, prime the dcache
    /// with every entry (desc->plus), and keep the entries as the directory's page cache.
    /// </summary>
    private static ServerEntry[] nfs_readdir_page_filler(NfsMount mount, dentry parent, inode dir)
    {
        long time_start = mount.Clock.jiffies;
        var list = mount.Server.Readdir(NfsMount.NFS_I(dir).fileid);
        foreach (var e in list)
            nfs_prime_dcache(mount, parent, e, time_start);
        Volatile.Write(ref NfsMount.NFS_I(dir).readdir_pages, list);
        return list;
    }

    /// <summary>
    /// <c>nfs_unlink(dir, dentry)</c>: parent locked exclusive. A dentry someone else still holds is
    /// sillyrenamed (<c>nfs_sillyrename</c>); otherwise unhash it, send REMOVE, and rehash if that
    /// failed.
    /// </summary>
    internal static int nfs_unlink(NfsMount mount, inode dir, dentry dentry)
    {
        bool need_rehash = false;
        dentry.d_lock.spin_lock();
        if (dentry.d_lockref.count > 1) // d_count(dentry) > 1
        {
            dentry.d_lock.spin_unlock();
            // write_inode_now: no dirty data in the model
            return nfs_sillyrename(mount, dir, dentry);
        }
        if (!d_unhashed(dentry))
        {
            mount.Dcache.__d_drop(dentry);
            need_rehash = true;
        }
        dentry.d_lock.spin_unlock();
        int error = mount.Server.Remove(NfsMount.NFS_I(dir).fileid, name_of(dentry), out change_info4 cinfo);
        if (error == 0)
        {
            update_changeattr(dir, cinfo); // nfs4_proc_remove
            if (d_inode(dentry) is { } inode)
                nfs_drop_nlink(inode);
        }
        if (error == 0 || error == -Errno.ENOENT)
            nfs_set_verifier(dentry, nfs_save_change_attribute(dir));
        else if (need_rehash)
            mount.Dcache.d_rehash(dentry);
        return error;
    }

    /// <summary>
    /// <c>nfs_rename(old_dir, old_dentry, new_dir, new_dentry)</c>: unhash a positive target during the
    /// RPC, then <c>d_move</c> (NFS has FS_RENAME_DOES_D_MOVE).
    /// </summary>
    internal static int nfs_rename(NfsMount mount, inode old_dir, dentry old_dentry, inode new_dir, dentry new_dentry)
    {
        dentry? rehash = null;
        inode? new_inode = d_inode(new_dentry);
        if (new_inode is not null && !new_inode.S_ISDIR)
        {
            // To prevent any new references to the target during the rename, we unhash it in advance.
            if (!d_unhashed(new_dentry))
            {
                mount.Dcache.d_drop(new_dentry);
                rehash = new_dentry;
            }
        }
        int error = mount.Server.Rename(NfsMount.NFS_I(old_dir).fileid, name_of(old_dentry), name_of(new_dentry),
            out change_info4 cinfo);
        if (error == 0)
        {
            update_changeattr(old_dir, cinfo); // nfs4_proc_rename_done: old_dir, then new_dir (one here)
            if (new_inode is not null && !new_inode.S_ISDIR)
                nfs_drop_nlink(new_inode);
        }
        if (rehash is not null)
            mount.Dcache.d_rehash(rehash);
        if (error == 0)
        {
            mount.Dcache.d_move(old_dentry, new_dentry);
            nfs_set_verifier(new_dentry, nfs_save_change_attribute(new_dir));
        }
        else if (error == -Errno.ENOENT)
        {
            mount.Dcache.d_drop(old_dentry); // nfs_dentry_handle_enoent
        }
        return error;
    }

    /// <summary><c>nfs_instantiate(dentry, fh, fattr)</c>: d_drop then d_add (parent locked exclusive).</summary>
    internal static int nfs_instantiate(NfsMount mount, dentry dentry, ServerEntry e, long time_start)
    {
        mount.Dcache.d_drop(dentry);
        // We may have been initialized further down
        if (d_inode(dentry) is not null)
            return 0;
        mount.Dcache.d_add(dentry, mount.nfs_fhget(e, time_start));
        return 0;
    }

    /// <summary><c>nfs_drop_nlink(inode)</c>: the client's own REMOVE took a link away.</summary>
    internal static void nfs_drop_nlink(inode inode)
    {
        inode.i_lock.spin_lock();
        if (inode.i_nlink > 0)
            Volatile.Write(ref inode.i_nlink, inode.i_nlink - 1);
        // The change attribute and ctime moved on the server: the cached attributes are invalid.
        var nfsi = NfsMount.NFS_I(inode);
        Volatile.Write(ref nfsi.cache_validity, nfsi.cache_validity | nfs_inode.NFS_INO_INVALID_ATTR);
        inode.i_lock.spin_unlock();
    }

    /// <summary><c>nfs_mkdir(dir, dentry, mode)</c>.</summary>
    internal static int nfs_mkdir(NfsMount mount, inode dir, dentry dentry)
    {
        long time_start = mount.Clock.jiffies;
        int error = mount.Server.Mkdir(NfsMount.NFS_I(dir).fileid, name_of(dentry), out ServerEntry e, out change_info4 cinfo);
        if (error != 0)
        {
            mount.Dcache.d_drop(dentry);
            return error;
        }
        update_changeattr(dir, cinfo); // nfs4_proc_mkdir → _nfs4_proc_create
        return nfs_instantiate(mount, dentry, e, time_start);
    }

    /// <summary><c>nfs_create(dir, dentry, mode, excl)</c>: CREATE RPC + nfs_instantiate.</summary>
    internal static int nfs_create(NfsMount mount, inode dir, dentry dentry, bool excl)
    {
        long time_start = mount.Clock.jiffies;
        int error = mount.Server.Open(NfsMount.NFS_I(dir).fileid, name_of(dentry), create: true, exclusive: excl,
            out ServerEntry e, out _, out change_info4 cinfo);
        if (error != 0)
        {
            mount.Dcache.d_drop(dentry);
            return error;
        }
        update_changeattr(dir, cinfo); // nfs4_proc_create → nfs4_do_open(O_CREAT) → _nfs4_proc_open
        return nfs_instantiate(mount, dentry, e, time_start);
    }
}
