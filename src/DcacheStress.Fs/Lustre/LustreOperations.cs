// SPDX-License-Identifier: GPL-2.0-only
// ll_d_ops (llite/dcache.c), ll_dir_inode_operations (llite/namei.c), ll_dir_operations
// (llite/dir.c) and ll_file_operations (llite/file.c), Linux 4.7: the parts the model calls.
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Lustre;

/// <summary><c>ll_d_ops</c>: revalidate (through the patch), compare, delete.</summary>
internal sealed class LustreDentryOperations(LustreMount mount) : dentry_operations
{
    public override bool has_d_revalidate => true;

    public override bool has_d_compare => true;

    public override bool has_d_delete => true;

    /// <summary><c>ll_revalidate_nd(dentry, flags)</c>: "Always trust cached dentries" (statahead aside).</summary>
    public override int d_revalidate(dentry dentry, uint flags)
    {
        task_struct.current.trace.add(TraceEvent.revalidate, dentry.d_id, (int)flags);
        return mount.Patch.ll_revalidate_dentry(dentry, flags);
    }

    public override int d_compare(dentry parent, dentry dentry, uint len, ReadOnlySpan<byte> str, in qstr name) =>
        llite.ll_dcompare(mount.Patch, dentry, len, str, name);

    public override bool d_delete(dentry dentry) => llite.ll_ddelete(dentry);
}

/// <summary><c>ll_dir_inode_operations</c>: <c>-&gt;atomic_open = ll_atomic_open</c>.</summary>
internal sealed class LustreDirInodeOperations(LustreMount mount) : inode_operations
{
    public override bool has_atomic_open => true;

    public override dentry? lookup(inode dir, dentry dentry, uint flags) => llite.ll_lookup_nd(mount, dir, dentry, flags);

    public override int atomic_open(inode dir, dentry dentry, filp file, uint open_flag, uint mode, ref int opened)
    {
        task_struct.current.trace.add(TraceEvent.atomic_open_enter, dentry.d_id, (int)open_flag);
        int err = llite.ll_atomic_open(mount, dir, dentry, file, open_flag, mode, ref opened);
        task_struct.current.trace.add(TraceEvent.atomic_open_exit, dentry.d_id, err);
        return err;
    }

    public override int create(inode dir, dentry dentry, uint mode, bool excl) => llite.ll_create_nd(mount, dir, dentry, mode);

    public override int unlink(inode dir, dentry dentry) => llite.ll_unlink(mount, dir, dentry);

    public override int mkdir(inode dir, dentry dentry, uint mode) => llite.ll_mkdir(mount, dir, dentry, mode);

    public override int rename(inode old_dir, dentry old_dentry, inode new_dir, dentry new_dentry) =>
        llite.ll_rename(mount, old_dir, old_dentry, new_dentry);

    public override int link(dentry old_dentry, inode dir, dentry new_dentry) => llite.ll_link(mount, old_dentry, dir, new_dentry);

    public override int symlink(inode dir, dentry dentry, string symname) => llite.ll_symlink(mount, dir, dentry);

    public override int rmdir(inode dir, dentry dentry) => llite.ll_rmdir(mount, dir, dentry);
}

/// <summary><c>ll_dir_operations</c>: <c>-&gt;iterate_shared = ll_readdir</c>.</summary>
internal sealed class LustreDirFileOperations(LustreMount mount) : file_operations
{
    public override int iterate_shared(filp file, dir_context ctx) => llite.ll_readdir(mount, file, ctx);
}

/// <summary><c>ll_file_operations</c>: <c>-&gt;open = ll_file_open</c>.</summary>
internal sealed class LustreFileOperations(LustreMount mount) : file_operations
{
    public override int iterate_shared(filp file, dir_context ctx) => -Errno.ENOTDIR;

    public override int open(inode inode, filp file) => llite.ll_file_open(mount, inode, file);
}
