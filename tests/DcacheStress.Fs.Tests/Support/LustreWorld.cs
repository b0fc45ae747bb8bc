// SPDX-License-Identifier: GPL-2.0-only
using System.Text;
using DcacheStress.Fs.Lustre;
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Tests.Support;

/// <summary>
/// One Lustre patch's world, as racer sets it up: one MDS, two client mounts (A and B) of it in
/// the patch's dcache, and a directory <c>/d</c> made through mount A. Operations go through the
/// ported VFS (<c>namei.*</c>).
/// </summary>
internal sealed class LustreWorld : IDisposable
{
    private readonly FsInstance _fs;

    public LustreWorld(string patchName)
    {
        Assert.True(PatchCatalog.TryCreate(patchName, out Patch patch), $"patch {patchName} is not catalogued");
        Patch = Assert.IsAssignableFrom<LustrePatch>(patch);
        Task = new task_struct("test", 1, traceCapacity: 4096);
        task_struct.set_current_task(Task);
        Dcache = patch.CreateDcache(DcacheOptions.Default);
        FsInstance fs = patch.Filesystem.mount(patch, Dcache, new FsMountOptions(2, 0, patchName));
        _fs = fs;
        Mds = (Mds)fs.Server;
        A = (LustreMount)fs.Mounts[0];
        B = (LustreMount)fs.Mounts[1];
        Assert.Equal(0, namei.do_mkdirat(A.Root, B8("/d"), 0x1ED));
        Assert.Equal(0, Mds.Lookup(Mds.RootId, "d", out ServerEntry d));
        DirId = d.FileId;
    }

    public LustrePatch Patch { get; }

    /// <summary>Unmount: both mounts' <c>ldlm_bl</c> threads stop.</summary>
    public void Dispose() => _fs.Dispose();

    public Dcache Dcache { get; }

    public Mds Mds { get; }

    public LustreMount A { get; }

    public LustreMount B { get; }

    public ulong DirId { get; }

    public task_struct Task { get; }

    public static byte[] B8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary><c>open(path, flags)</c> then <c>close</c>: the errno.</summary>
    public static int Open(LustreMount m, string path, uint flags = O_RDONLY)
    {
        int err = namei.do_filp_open(m.Root, B8(path), flags, 0x1A4, out filp? f, out _, out _);
        if (err == 0)
            namei.fput(f!);
        return err;
    }

    /// <summary><c>stat(path)</c>: the errno.</summary>
    public static int Stat(LustreMount m, string path) => namei.vfs_stat(m.Root, B8(path), out _, out _, out _);

    /// <summary>The dentry of /d in mount <paramref name="m"/>.</summary>
    public dentry Dir(LustreMount m)
    {
        Assert.Equal(0, Stat(m, "/d"));
        dentry? d = Dcache.d_lookup(m.Root, B8("d"));
        Assert.NotNull(d);
        Dcache.dput(d);
        return d;
    }

    /// <summary>
    /// Every hashed dentry /d/<paramref name="name"/> of mount <paramref name="m"/>, valid or not
    /// (a walk of the children; lookups would hide the invalid ones).
    /// </summary>
    public List<dentry> Hashed(LustreMount m, string name)
    {
        dentry dir = Dir(m);
        var found = new List<dentry>();
        dir.d_lock.spin_lock();
        for (dentry? c = Dcache.d_subdirs_first(dir); c is not null; c = Dcache.d_child_next(c))
        {
            if (c.name == name && !Dcache.d_unhashed(c))
                found.Add(c);
        }
        dir.d_lock.spin_unlock();
        return found;
    }

    /// <summary>The one hashed dentry of /d/<paramref name="name"/> (valid or not).</summary>
    public dentry Only(LustreMount m, string name) => Assert.Single(Hashed(m, name));

    /// <summary><c>d_lustre_invalid</c>.</summary>
    public static bool Invalid(dentry d) => llite.d_lustre_invalid(d);

    /// <summary>Hits by name, as "a=1, b=2".</summary>
    public string HitText() => string.Join(", ", Dcache.bug.HitsByName().Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>No invariant hit, and fsck (quiescent) finds no structural error.</summary>
    public void AssertClean()
    {
        Assert.True(Dcache.bug.TotalHits == 0, $"{Patch.Name}: invariant hits: {HitText()}");
        FsckReport report = Dcache.fsck(quiescent: true);
        Assert.True(report.Clean, report.ToString());
    }

    /// <summary>
    /// <c>-&gt;atomic_open</c> as lookup_open calls it for an open without O_CREAT: parent locked
    /// shared, the caller holding a reference on <paramref name="dentry"/>. Drops what the VFS would.
    /// </summary>
    public int AtomicOpen(dentry dentry)
    {
        inode dir = dentry.parent.inode!;
        var file = new filp { f_flags = O_RDONLY };
        file.f_path.dentry = filp.DENTRY_NOT_SET;
        int opened = 0;
        Dcache.dget(dentry);
        dir.inode_lock_shared();
        int err = dir.i_op!.atomic_open(dir, dentry, file, O_RDONLY, 0, ref opened);
        dir.inode_unlock_shared();
        if (err > 0 && file.f_path.dentry is { } theirs && !ReferenceEquals(theirs, filp.DENTRY_NOT_SET) && theirs is not null)
            Dcache.dput(theirs);
        if (file.opened)
            namei.fput(file);
        Dcache.dput(dentry);
        return err;
    }
}
