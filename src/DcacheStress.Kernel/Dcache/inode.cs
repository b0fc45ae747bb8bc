// SPDX-License-Identifier: GPL-2.0-only
// struct inode (the fields the dcache uses), ported from include/linux/fs.h (Linux v4.7).
using DcacheStress.Kernel.Locking;

namespace DcacheStress.Kernel;

/// <summary>
/// <c>struct inode</c>, the fields the ported paths use. Inode lifetime is left to the garbage
/// collector (no <c>i_count</c>/<c>iput</c> bookkeeping: nothing in the race depends on it).
/// </summary>
public sealed class inode
{
    public const uint S_IFMT = 0xF000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFLNK = 0xA000;

    /// <summary><c>S_DEAD</c> in <c>i_flags</c>: removed directory (<c>IS_DEADDIR</c>).</summary>
    public const int S_DEAD = 1 << 4;

    /// <summary><c>i_mode</c>.</summary>
    public readonly uint i_mode;

    /// <summary><c>i_nlink</c>: set by the filesystem from the attributes it last saw (0 = unlinked).</summary>
    public int i_nlink;

    /// <summary><c>i_lock</c> (mutable struct: never readonly).</summary>
    internal spinlock_t i_lock;

    /// <summary><c>i_rwsem</c>: shared for lookup and !O_CREAT open, exclusive for create/unlink/rename.</summary>
    public readonly rw_semaphore i_rwsem = new();

    /// <summary><c>i_dentry</c>: first alias (hlist_head), under <c>i_lock</c>.</summary>
    internal dentry? i_dentry;

    /// <summary><c>i_dir_seq</c>: odd while an in-lookup child is being hashed (start/end_dir_add).</summary>
    internal uint i_dir_seq;

    /// <summary><c>i_flags</c>.</summary>
    internal int i_flags;

    /// <summary><c>i_op</c>.</summary>
    public readonly inode_operations? i_op;

    /// <summary><c>i_fop</c>.</summary>
    public readonly file_operations? i_fop;

    /// <summary><c>i_sb</c>.</summary>
    public readonly super_block i_sb;

    /// <summary><c>i_ino</c>.</summary>
    public readonly ulong i_ino;

    /// <summary>Filesystem-private part (<c>NFS_I(inode)</c> is <c>container_of</c> in the kernel).</summary>
    public readonly object? i_private;

    /// <summary>Create an inode.</summary>
    public inode(super_block sb, ulong ino, uint mode, inode_operations? iop, file_operations? fop, object? fsPrivate)
    {
        i_sb = sb;
        i_ino = ino;
        i_mode = mode;
        i_op = iop;
        i_fop = fop;
        i_private = fsPrivate;
    }

    /// <summary><c>S_ISDIR(i_mode)</c>.</summary>
    public bool S_ISDIR => (i_mode & S_IFMT) == S_IFDIR;

    /// <summary><c>S_ISREG(i_mode)</c>.</summary>
    public bool S_ISREG => (i_mode & S_IFMT) == S_IFREG;

    /// <summary><c>S_ISLNK(i_mode)</c>.</summary>
    public bool S_ISLNK => (i_mode & S_IFMT) == S_IFLNK;

    /// <summary><c>IS_DEADDIR(inode)</c>.</summary>
    public bool IS_DEADDIR => (Volatile.Read(ref i_flags) & S_DEAD) != 0;

    /// <summary>Mark a removed directory dead (rmdir).</summary>
    public void mark_dead() => Interlocked.Or(ref i_flags, S_DEAD);

    /// <summary><c>inode_lock()</c>.</summary>
    public void inode_lock() => i_rwsem.down_write();

    /// <summary><c>inode_unlock()</c>.</summary>
    public void inode_unlock() => i_rwsem.up_write();

    /// <summary><c>inode_lock_shared()</c>.</summary>
    public void inode_lock_shared() => i_rwsem.down_read();

    /// <summary><c>inode_unlock_shared()</c>.</summary>
    public void inode_unlock_shared() => i_rwsem.up_read();

    /// <summary>Current <c>i_dir_seq</c> (tests).</summary>
    public uint dir_seq => Volatile.Read(ref i_dir_seq);

    /// <summary>Number of aliases on <c>i_dentry</c> (tests, fsck).</summary>
    public int alias_count
    {
        get
        {
            i_lock.spin_lock();
            int n = 0;
            for (var d = i_dentry; d is not null && n < 1_000_000; d = d.d_alias_next)
                n++;
            i_lock.spin_unlock();
            return n;
        }
    }
}
