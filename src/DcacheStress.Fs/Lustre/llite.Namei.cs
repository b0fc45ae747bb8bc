// SPDX-License-Identifier: GPL-2.0-only
// Ported from drivers/staging/lustre/lustre/llite/namei.c (Linux 4.7 = the 4.7-rc3 text, checked
// against 4.7.4 and 4.8.17): ll_invalidate_negative_children, ll_md_blocking_ast (CANCELING),
// ll_find_alias, ll_splice_alias, ll_lookup_it_finish, ll_lookup_it, ll_lookup_nd, ll_atomic_open,
// ll_create_node, ll_create_it, ll_new_node, ll_create_nd, ll_mkdir, ll_unlink, ll_rename; and from
// dcache.c ll_invalidate_aliases, ll_intent_drop_lock, ll_intent_release, ll_lookup_finish_locks.
// What differs between the 2016 fixes is asked of the mount's LustrePatch.
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;
using static DcacheStress.Fs.Lustre.lookup_intent;
using static DcacheStress.Kernel.Dcache;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Lustre;

public static partial class llite
{
    /// <summary><c>ll_sbi->ll_namelen</c>.</summary>
    public const int ll_namelen = 255;

    private static ulong ll_inode2fid(inode inode) => LustreMount.ll_i2info(inode).lli_fid;

    // ---- lock callbacks ------------------------------------------------------------------------

    /// <summary>
    /// <c>ll_md_blocking_ast(lock, desc, data, flag)</c>, on the mount's <c>ldlm_bl</c> thread (or a
    /// reader's, when it ran the callback itself). LDLM_CB_BLOCKING: <c>ldlm_cli_cancel(LCF_ASYNC)</c>.
    /// LDLM_CB_CANCELING: UPDATE on a directory invalidates its negative children, LOOKUP invalidates
    /// the inode's aliases (not the root's). The other bits (OPEN, LAYOUT, XATTR, PERM) are not modelled.
    /// </summary>
    internal static void ll_md_blocking_ast(LustreMount m, ldlm_lock @lock, ldlm_cb_flag flag)
    {
        if (flag == ldlm_cb_flag.LDLM_CB_BLOCKING)
        {
            ldlm.ldlm_cli_cancel(m, @lock);
            return;
        }
        Dcache dc = m.Dcache;
        dc.race.Hit(RaceSite.ll_md_blocking_ast_canceling);
        task_struct.current.trace.add(TraceEvent.ldlm_cancel, (long)@lock.l_resource, @lock.bits);
        inode? inode = m.ilookup(@lock.l_resource); // ll_inode_from_resource_lock(lock)
        if (inode is null)
            return;
        int bits = @lock.bits;
        if ((bits & MDS_INODELOCK.UPDATE) != 0 && inode.S_ISDIR)
            ll_invalidate_negative_children(dc, inode);
        if ((bits & MDS_INODELOCK.LOOKUP) != 0 && inode.i_sb.s_root is not null && !ReferenceEquals(inode, inode.i_sb.s_root.inode))
            ll_invalidate_aliases(dc, inode);
    }

    /// <summary>
    /// <c>ll_invalidate_negative_children(dir)</c>: under the directory's i_lock (<c>ll_lock_dcache</c>),
    /// for each alias under its d_lock, <c>d_lustre_invalidate(child, 1)</c> on every negative child.
    /// </summary>
    private static void ll_invalidate_negative_children(Dcache dc, inode dir)
    {
        List<dentry>? unused = null;
        dir.i_lock.spin_lock(); // ll_lock_dcache(dir)
        for (dentry? alias = dir.i_dentry; alias is not null; alias = alias.d_alias_next)
        {
            alias.d_lock.spin_lock();
            for (dentry? child = d_subdirs_first(alias); child is not null; child = d_child_next(child))
            {
                if (d_really_is_negative(child) && d_lustre_invalidate(child, nested: true))
                    (unused ??= []).Add(child);
            }
            alias.d_lock.spin_unlock();
        }
        dir.i_lock.spin_unlock();
        prune_unused(dc, unused);
    }

    /// <summary><c>ll_invalidate_aliases(inode)</c>: <c>d_lustre_invalidate(alias, 0)</c> for every alias, under i_lock.</summary>
    private static void ll_invalidate_aliases(Dcache dc, inode inode)
    {
        List<dentry>? unused = null;
        inode.i_lock.spin_lock(); // ll_lock_dcache(inode)
        for (dentry? alias = inode.i_dentry; alias is not null; alias = alias.d_alias_next)
        {
            if (d_lustre_invalidate(alias, nested: false))
                (unused ??= []).Add(alias);
        }
        inode.i_lock.spin_unlock();
        prune_unused(dc, unused);
    }

    /// <summary>
    /// Model: the dcache shrinker's part. <c>d_lustre_invalidate</c> unhashes an unused dentry and
    /// leaves it on the LRU for <c>prune_dcache_sb</c>; the port has no LRU shrinker, so the
    /// dentries it dropped are put back through <c>dput</c> at once (unhashed: freed), unless
    /// someone took them meanwhile or another callback freed them first.
    /// </summary>
    private static void prune_unused(Dcache dc, List<dentry>? unused)
    {
        if (unused is null)
            return;
        foreach (dentry d in unused)
        {
            if (d.d_lockref.lockref_get_not_dead())
                dc.dput(d);
        }
    }

    // ---- lookup ----------------------------------------------------------------------------------

    /// <summary>
    /// <c>ll_find_alias(inode, dentry)</c>: an alias of <paramref name="inode"/> with the same
    /// parent and name (an "invalid alias" to reuse), else a DISCONNECTED one; with a reference.
    /// <c>LASSERT(alias != dentry)</c> on the way.
    /// </summary>
    private static dentry? ll_find_alias(Dcache dc, inode inode, dentry dentry)
    {
        if (Volatile.Read(ref inode.i_dentry) is null) // hlist_empty(&inode->i_dentry), lockless
            return null;
        dentry? discon_alias = null, invalid_alias = null;
        inode.i_lock.spin_lock(); // ll_lock_dcache(inode)
        for (dentry? alias = inode.i_dentry; alias is not null; alias = alias.d_alias_next)
        {
            // LASSERT(alias != dentry): LBUG. Safe way out: skip it.
            if (dc.bug.On(Invariant.ll_find_alias_self, ReferenceEquals(alias, dentry), dentry))
                continue;
            alias.d_lock.spin_lock();
            if ((alias.d_flags & DcacheFlags.DCACHE_DISCONNECTED) != 0)
                discon_alias = alias; // LASSERT(last_discon == NULL); LU-405, bz 20055
            else if (ReferenceEquals(alias.d_parent, dentry.d_parent)
                     && alias.d_name_hash_len == dentry.d_name_hash_len
                     && alias.d_name_name.AsSpan().SequenceEqual(dentry.d_name_name))
                invalid_alias = alias;
            alias.d_lock.spin_unlock();
            if (invalid_alias is not null)
                break;
        }
        dentry? found = invalid_alias ?? discon_alias;
        if (found is not null)
        {
            found.d_lock.spin_lock();
            found.d_lockref.add_locked(1); // dget_dlock(alias)
            found.d_lock.spin_unlock();
        }
        inode.i_lock.spin_unlock();
        return found;
    }

    /// <summary>
    /// <c>ll_splice_alias(inode, de)</c>: Lustre's own d_splice_alias: reuse an alias found by
    /// <c>ll_find_alias</c> (<c>d_move</c> it into place, return it with a reference), else
    /// <c>ll_d_init</c> + <c>d_add</c> of <paramref name="de"/> itself, which
    /// <c>__d_rehash</c>'s <c>BUG_ON(!d_unhashed)</c> guards.
    /// </summary>
    internal static dentry ll_splice_alias(Dcache dc, inode? inode, dentry de)
    {
        if (inode is not null)
        {
            dentry? @new = ll_find_alias(dc, inode, de);
            if (@new is not null)
            {
                ll_d_init(@new);
                dc.d_move(@new, de);
                // iput(inode): the GC keeps inodes
                return @new;
            }
        }
        ll_d_init(de);
        dc.d_add(de, inode);
        return de;
    }

    /// <summary><c>ll_prep_inode(&amp;inode, request, sb, it)</c>: the mount's inode for the reply's FID.</summary>
    private static inode ll_prep_inode(LustreMount m, ServerEntry body) => m.ll_iget(body);

    /// <summary>
    /// <c>ll_set_lock_data(exp, inode, it, &amp;bits)</c>: the inodebits the reply's lock holds on
    /// <paramref name="inode"/> itself (a lock on the parent gives none).
    /// </summary>
    private static int ll_set_lock_data(lookup_intent it, inode inode)
    {
        ldlm_lock? l = it.it_lock;
        if (l is null || l.l_resource != ll_inode2fid(inode))
            return 0;
        lock (l.l_lock)
            return l.bits;
    }

    /// <summary>
    /// <c>md_revalidate_lock(exp, &amp;parent_it, &amp;fid, NULL)</c> for an UPDATE lock on the parent:
    /// the mount's granted lock, with a reader reference (released by <c>ll_intent_release</c>), so
    /// that no cancel can run between this test and the <c>d_lustre_revalidate</c> it allows.
    /// </summary>
    private static ldlm_lock? md_revalidate_lock(LustreMount m, inode parent)
    {
        if (m.locks.TryGetValue(ll_inode2fid(parent), out ldlm_lock? l) && l.try_addref(MDS_INODELOCK.UPDATE))
            return l;
        return null;
    }

    /// <summary>
    /// <c>ll_lookup_it_finish(request, it, parent, &amp;de)</c>: attach the reply to the dentry. Which
    /// dentries go through <c>ll_splice_alias</c> is the patch's question; in 4.7 the others (a
    /// hashed dentry that a shared opener holds) are made positive in place with
    /// <c>LASSERT(!d_inode)</c> + <c>d_instantiate</c>. Then the dentry is made valid when the reply's
    /// lock covers it: LOOKUP on the inode, or (negative, not created) UPDATE on the parent.
    /// </summary>
    private static int ll_lookup_it_finish(LustreMount m, lookup_intent it, inode parent, ref dentry de)
    {
        Dcache dc = m.Dcache;
        inode? inode = null;
        int bits = 0;
        if (!it.it_disposition_has(DISP_LOOKUP_NEG))
        {
            inode = ll_prep_inode(m, it.it_entry);
            bits = ll_set_lock_data(it, inode);
        }
        dc.race.Hit(RaceSite.ll_lookup_it_finish_before_splice);
        if (m.Patch.ll_lookup_it_finish_splices(de))
        {
            dentry alias = ll_splice_alias(dc, inode, de);
            if (dentry.IS_ERR(alias))
                return dentry.PTR_ERR(alias);
            de = alias;
        }
        else if (!it.it_disposition_has(DISP_LOOKUP_NEG) && !it.it_disposition_has(DISP_OPEN_CREATE))
        {
            // LASSERT(!d_inode(*de)): LBUG. Safe way out: leave the dentry as the first opener made it.
            if (!dc.bug.On(Invariant.ll_lookup_it_finish_positive, d_inode(de) is not null, de))
                dc.d_instantiate(de, inode);
        }

        if (!it.it_disposition_has(DISP_LOOKUP_NEG))
        {
            // we have lookup look - unhide dentry
            if ((bits & MDS_INODELOCK.LOOKUP) != 0)
                d_lustre_revalidate(de);
        }
        else if (!it.it_disposition_has(DISP_OPEN_CREATE))
        {
            // A created file is left hidden; otherwise the parent's UPDATE lock makes a negative valid.
            ldlm_lock? parent_lock = md_revalidate_lock(m, parent);
            if (parent_lock is not null)
            {
                d_lustre_revalidate(de);
                parent_lock.decref(); // ll_intent_release(&parent_it)
            }
        }
        dc.race.Hit(RaceSite.ll_lookup_it_finish_done);
        return 0;
    }

    /// <summary><c>ll_intent_drop_lock(it)</c>: drop the reply's reader reference (once).</summary>
    internal static void ll_intent_drop_lock(lookup_intent it)
    {
        ldlm_lock? l = it.it_lock;
        if (l is null)
            return;
        it.it_lock = null;
        l.decref();
    }

    /// <summary><c>ll_intent_release(it)</c>.</summary>
    internal static void ll_intent_release(lookup_intent it)
    {
        ll_intent_drop_lock(it);
        it.it_disposition = 0;
    }

    /// <summary><c>ll_lookup_finish_locks(it, inode)</c>: lookup/getattr locks are dropped at once.</summary>
    private static void ll_lookup_finish_locks(lookup_intent it)
    {
        if (it.it_op is IT_LOOKUP or IT_GETATTR)
            ll_intent_drop_lock(it);
    }

    /// <summary>
    /// <c>ll_lookup_it(parent, dentry, it, lookup_flags)</c>: one intent RPC to the MDS, then
    /// <c>ll_lookup_it_finish</c>. Returns null (the dentry was used), an alias, or ERR_PTR.
    /// </summary>
    internal static dentry? ll_lookup_it(LustreMount m, inode parent, dentry dentry, lookup_intent? it, uint lookup_flags)
    {
        _ = lookup_flags; // packed into op_data for the MDS; the model's MDS needs only it_op
        dentry save = dentry;
        if (dentry.name.Length > ll_namelen)
            return dentry.ERR_PTR(-Errno.ENAMETOOLONG);
        it ??= new lookup_intent { it_op = IT_LOOKUP };
        // IT_GETATTR: statahead (ll_statahead_enter) is not modelled
        task_struct.current.trace.add(TraceEvent.lookup_rpc, dentry.d_id, it.it_op);
        int rc = m.Mds.md_intent_lock(m, ll_inode2fid(parent), dentry.name, it);
        if (rc < 0)
            return dentry.ERR_PTR(rc);
        rc = ll_lookup_it_finish(m, it, parent, ref dentry);
        if (rc != 0)
        {
            ll_intent_release(it);
            return dentry.ERR_PTR(rc);
        }
        ll_lookup_finish_locks(it);
        return ReferenceEquals(dentry, save) ? null : dentry;
    }

    /// <summary>
    /// <c>ll_lookup_nd(parent, dentry, flags)</c>: <c>-&gt;lookup</c>. A create without open is left to
    /// <c>-&gt;create</c>; open/create/parent walks use a plain IT_LOOKUP, the rest IT_GETATTR.
    /// </summary>
    internal static dentry? ll_lookup_nd(LustreMount m, inode parent, dentry dentry, uint flags)
    {
        // Optimize away (CREATE && !OPEN). Let .create handle the race.
        if ((flags & LOOKUP_CREATE) != 0 && (flags & LOOKUP_OPEN) == 0)
            return null;
        lookup_intent? itp = (flags & (LOOKUP_PARENT | LOOKUP_OPEN | LOOKUP_CREATE)) != 0 ? null : new lookup_intent { it_op = IT_GETATTR };
        dentry? de = ll_lookup_it(m, parent, dentry, itp, 0);
        if (itp is not null)
            ll_intent_release(itp);
        return de;
    }

    /// <summary>
    /// <c>ll_atomic_open(dir, dentry, file, open_flags, mode, opened)</c>: for a cached negative
    /// dentry and a new one, lookup + open (+ create) in one intent RPC. The patch's check on the
    /// dentry comes first (none in 4.7).
    /// </summary>
    internal static int ll_atomic_open(LustreMount m, inode dir, dentry dentry, filp file, uint open_flags, uint mode, ref int opened)
    {
        Dcache dc = m.Dcache;
        int rc = m.Patch.ll_atomic_open_enter(dc, dentry, open_flags);
        if (rc != 0)
            return rc;
        var it = new lookup_intent { it_op = IT_OPEN, it_flags = open_flags };
        uint lookup_flags = LOOKUP_OPEN;
        if ((open_flags & O_CREAT) != 0)
        {
            it.it_op |= IT_CREAT;
            lookup_flags |= LOOKUP_CREATE;
        }
        dc.race.Hit(RaceSite.ll_atomic_open_before_lookup);
        // Dentry added to dcache tree in ll_lookup_it
        dentry? de = ll_lookup_it(m, dir, dentry, it, lookup_flags);
        if (dentry.IS_ERR(de))
            rc = dentry.PTR_ERR(de!);
        else if (de is not null)
            dentry = de;

        if (rc == 0)
        {
            if (it.it_disposition_has(DISP_OPEN_CREATE))
            {
                // Dentry instantiated in ll_create_it.
                rc = ll_create_it(m, dentry, it);
                if (rc != 0)
                {
                    if (de is not null)
                        dc.dput(de); // We dget in ll_splice_alias.
                    goto out_release;
                }
                opened |= FILE_CREATED;
            }
            if (!d_really_is_negative(dentry) && it.it_disposition_has(DISP_OPEN_OPEN))
            {
                // Open dentry (no FIFOs in the model).
                file.private_data = it;
                rc = namei.finish_open(file, dentry, null, ref opened);
                // We dget in ll_splice_alias. finish_open takes care of dget for fd open.
                if (de is not null)
                    dc.dput(de);
            }
            else
            {
                rc = namei.finish_no_open(file, de);
            }
        }
    out_release:
        ll_intent_release(it);
        return rc;
    }

    /// <summary><c>ll_create_it(dir, dentry, mode, it)</c>: the MDS created it; <c>d_instantiate</c> the new inode.</summary>
    private static int ll_create_it(LustreMount m, dentry dentry, lookup_intent it)
    {
        // it_open_error(DISP_OPEN_CREATE, it): the model's MDS reports errors by return code
        inode inode = ll_prep_inode(m, it.it_entry); // ll_create_node
        m.Dcache.d_instantiate(dentry, inode);
        return 0;
    }

    /// <summary><c>ll_new_node(dir, dentry, tgt, mode, rdev, opc)</c>: MDS_REINT create, then <c>d_instantiate</c>.</summary>
    private static int ll_new_node(LustreMount m, inode dir, dentry dentry, uint mode)
    {
        int err = m.Mds.reint_create(ll_inode2fid(dir), dentry.name, mode, out ServerEntry e);
        if (err != 0)
            return err;
        m.Dcache.d_instantiate(dentry, ll_prep_inode(m, e));
        return 0;
    }

    /// <summary><c>ll_create_nd(dir, dentry, mode, want_excl)</c>.</summary>
    internal static int ll_create_nd(LustreMount m, inode dir, dentry dentry, uint mode) =>
        ll_new_node(m, dir, dentry, (mode & ~inode.S_IFMT) | inode.S_IFREG);

    /// <summary><c>ll_mkdir(dir, dchild, mode)</c>.</summary>
    internal static int ll_mkdir(LustreMount m, inode dir, dentry dentry, uint mode) =>
        ll_new_node(m, dir, dentry, (mode & ~inode.S_IFMT) | inode.S_IFDIR);

    /// <summary><c>ll_unlink(dir, dchild)</c>: MDS_REINT unlink (the MDS cancels the locks first).</summary>
    internal static int ll_unlink(LustreMount m, inode dir, dentry dentry) =>
        m.Mds.reint_unlink(ll_inode2fid(dir), dentry.name);

    /// <summary><c>ll_rename(old_dir, old_dentry, new_dir, new_dentry)</c>: MDS_REINT rename; vfs_rename does the d_move.</summary>
    internal static int ll_rename(LustreMount m, inode old_dir, dentry old_dentry, dentry new_dentry) =>
        m.Mds.reint_rename(ll_inode2fid(old_dir), old_dentry.name, new_dentry.name);

    /// <summary>
    /// <c>ll_link(old_dentry, dir, new_dentry)</c>: MDS_REINT link; 4.7 does not instantiate the new
    /// dentry (the next lookup of the name goes to the MDS).
    /// </summary>
    internal static int ll_link(LustreMount m, dentry old_dentry, inode dir, dentry new_dentry)
    {
        inode src = d_inode(old_dentry)!;
        return m.Mds.reint_link(ll_inode2fid(dir), new_dentry.name, new ServerEntry(new_dentry.name, ll_inode2fid(src), src.i_mode));
    }

    /// <summary><c>ll_symlink(dir, dentry, oldname)</c>: <c>ll_new_node</c> of an S_IFLNK (the target text is not kept).</summary>
    internal static int ll_symlink(LustreMount m, inode dir, dentry dentry) =>
        ll_new_node(m, dir, dentry, inode.S_IFLNK | 0x1FF);

    /// <summary><c>ll_rmdir(dir, dchild)</c>: MDS_REINT unlink of a directory (the VFS then d_deletes it).</summary>
    internal static int ll_rmdir(LustreMount m, inode dir, dentry dentry) =>
        m.Mds.reint_rmdir(ll_inode2fid(dir), dentry.name);

    /// <summary>
    /// <c>ll_readdir(filp, ctx)</c>: one READDIR (which grants the directory's UPDATE lock), every
    /// name to <c>dir_emit</c>. No dcache priming (that is statahead's, not modelled).
    /// </summary>
    internal static int ll_readdir(LustreMount m, filp file, dir_context ctx)
    {
        inode dir = d_inode(file.f_path.dentry!)!;
        foreach (ServerEntry e in m.Mds.readdir(m, ll_inode2fid(dir)))
        {
            if (!ctx.dir_emit(e.Name, e.FileId, dir_context.S_DT(e.Mode)))
                break;
        }
        return 0;
    }

    /// <summary>
    /// <c>ll_file_open(inode, file)</c>: an open the intent already did (<c>file-&gt;private_data</c>
    /// from ll_atomic_open) costs nothing; otherwise open by FID (<c>ll_intent_file_open</c>), which
    /// finds the object gone if the other mount removed it since the dentry was cached.
    /// </summary>
    internal static int ll_file_open(LustreMount m, inode inode, filp file)
    {
        if (file.private_data is lookup_intent it && it.it_disposition_has(DISP_OPEN_OPEN))
        {
            file.private_data = null;
            return 0;
        }
        if (inode.S_ISDIR)
            return 0; // ll_dir_open: the model's directories never go away
        int rc = m.Mds.open_by_fid(ll_inode2fid(inode));
        if (rc == -Errno.ENOENT)
            rc = m.Patch.ll_intent_file_open_enoent(file.f_flags);
        m.Dcache.race.Hit(RaceSite.ll_file_open_after_open_by_fid); // repro-only
        return rc;
    }
}
