// SPDX-License-Identifier: GPL-2.0-only
using System.Text;

namespace DcacheStress.Kernel.Tests.Support;

/// <summary>
/// A tiny filesystem on its own <see cref="Dcache"/>: one super block, a root directory made with
/// <c>d_make_root</c>, and helpers that make names, inodes and hashed dentries the way the VFS
/// would (holding the parent's <c>i_rwsem</c> exclusive around <c>d_add</c>).
/// </summary>
internal sealed class TestFs
{
    private long _nextIno = 1;

    public TestFs(DcacheOptions? options = null, dentry_operations? s_d_op = null)
    {
        Dcache = new Dcache(options);
        Sb = new super_block(Dcache) { s_id = "testfs", s_d_op = s_d_op };
        Root = Dcache.d_make_root(NewDir());
    }

    public Dcache Dcache { get; }

    public super_block Sb { get; }

    public dentry Root { get; }

    public Bug Bug => Dcache.bug;

    public inode NewDir() => new(Sb, (ulong)Interlocked.Increment(ref _nextIno), inode.S_IFDIR | 0x1ED, TestDirOps.Instance, null, null);

    public inode NewFile() => new(Sb, (ulong)Interlocked.Increment(ref _nextIno), inode.S_IFREG | 0x1A4, null, null, null);

    /// <summary>The name bytes (a qstr cannot be stored: build it with <see cref="Q"/> where used).</summary>
    public static byte[] B(string name) => Encoding.UTF8.GetBytes(name);

    /// <summary>Name bytes as text.</summary>
    public static string Str(byte[] name) => Encoding.UTF8.GetString(name);

    /// <summary>A hashed qstr for <paramref name="name"/>.</summary>
    public static qstr Q(string name) => qstr.from(B(name));

    /// <summary><c>d_alloc</c> (unhashed, negative, count 1).</summary>
    public dentry Alloc(dentry parent, string name) => Dcache.d_alloc(parent, Q(name));

    /// <summary>
    /// <c>d_alloc</c> + <c>d_add</c> under the parent's <c>inode_lock</c> (what a create or a
    /// lookup in an exclusively locked directory does). The caller owns the one reference.
    /// </summary>
    public dentry Add(dentry parent, string name, inode? inode)
    {
        var dir = parent.inode!;
        dir.inode_lock();
        try
        {
            dentry d = Dcache.d_alloc(parent, Q(name));
            Dcache.d_add(d, inode);
            return d;
        }
        finally
        {
            dir.inode_unlock();
        }
    }

    /// <summary>A hashed positive regular file.</summary>
    public dentry AddFile(dentry parent, string name) => Add(parent, name, NewFile());

    /// <summary>A hashed directory.</summary>
    public dentry Mkdir(dentry parent, string name) => Add(parent, name, NewDir());

    /// <summary><c>d_lookup</c> by string.</summary>
    public dentry? Lookup(dentry parent, string name) => Dcache.d_lookup(parent, Q(name));

    /// <summary><c>__d_lookup_rcu</c> by string, validated with <c>read_seqcount_retry</c>.</summary>
    public dentry? LookupRcu(dentry parent, string name)
    {
        dentry? d = Dcache.__d_lookup_rcu(parent, Q(name), out uint seq);
        if (d is not null && d.d_seq.read_seqcount_retry(seq))
            throw new InvalidOperationException("d_seq moved in a single-threaded test");
        return d;
    }

    /// <summary><c>d_move</c> under both parents' <c>inode_lock</c> (as <c>vfs_rename</c> holds them).</summary>
    public void Move(dentry dentry, dentry target)
    {
        inode a = dentry.parent.inode!, b = target.parent.inode!;
        LockTwo(a, b);
        try
        {
            Dcache.d_move(dentry, target);
        }
        finally
        {
            UnlockTwo(a, b);
        }
    }

    /// <summary><c>lock_rename</c>-style: both directories exclusive, in inode-number order.</summary>
    public static void LockTwo(inode a, inode b)
    {
        if (ReferenceEquals(a, b))
        {
            a.inode_lock();
            return;
        }
        if (a.i_ino < b.i_ino)
        {
            a.inode_lock();
            b.inode_lock();
        }
        else
        {
            b.inode_lock();
            a.inode_lock();
        }
    }

    public static void UnlockTwo(inode a, inode b)
    {
        a.inode_unlock();
        if (!ReferenceEquals(a, b))
            b.inode_unlock();
    }

    /// <summary>fsck that must be clean; the message carries the first error.</summary>
    public void AssertFsckClean(bool quiescent = true)
    {
        FsckReport report = Dcache.fsck(quiescent);
        Assert.True(report.Clean, report.ToString());
    }

    /// <summary>A name (under <paramref name="parent"/>) whose primary bucket equals <paramref name="other"/>'s bucket for the same name.</summary>
    public static string FindCollidingName(Dcache dcache, dentry parent, dentry other, string prefix)
    {
        for (int i = 0; i < 100_000; i++)
        {
            string name = prefix + i;
            uint hash = (uint)NameHash.hashlen_string(B(name));
            if (dcache.d_hash(parent, hash) == dcache.d_hash(other, hash))
                return name;
        }
        throw new InvalidOperationException("no colliding name found");
    }
}
