// SPDX-License-Identifier: GPL-2.0-only
using System.Text;
using DcacheStress.Fs.Nfs;
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Fs.Tests.Support;

/// <summary>
/// One patch's world, as racer sets it up: one in-memory server, two client mounts (A and B) of it
/// in the patch's dcache, and a directory <c>/d</c> made through mount A. Every operation goes
/// through the ported VFS entry points (<c>namei.*</c>) as a user-space program would issue it.
/// The calling thread gets its own <c>current</c> with a trace ring large enough to keep a whole
/// test's events. Both mounts use 4.7's attribute-cache timeouts unscaled (acdirmin 30 s) on a
/// <see cref="ManualNfsClock"/>: time moves only when a test calls <see cref="AttrCacheExpires"/>
/// (or advances <see cref="Clock"/>), so what the client trusts is deterministic.
/// </summary>
internal sealed class NfsWorld
{
    public NfsWorld(string patchName)
    {
        Assert.True(PatchCatalog.TryCreate(patchName, out Patch patch), $"patch {patchName} is not catalogued");
        Patch = Assert.IsAssignableFrom<NfsPatch>(patch);
        Task = new task_struct("test", 1, traceCapacity: 4096);
        task_struct.set_current_task(Task);
        Dcache = patch.CreateDcache(DcacheOptions.Default);
        Server = new NfsServer();
        var options = new NfsMountOptions { Scale = 1, Clock = Clock };
        A = new NfsMount(Server, Dcache, Patch, patchName + ":A", options);
        B = new NfsMount(Server, Dcache, Patch, patchName + ":B", options);
        Assert.Equal(0, namei.do_mkdirat(A.Root, B8("/d"), 0x1ED));
        Assert.Equal(0, Server.Lookup(Server.RootId, "d", out ServerEntry d));
        DirId = d.FileId;
        // Settle the attribute caches: the mkdir left /'s attributes invalid (update_changeattr) and
        // /d without a verifier; one walk looks /d up, the next refreshes /. Tests start from a
        // client whose cached attributes of / and /d are all fresh.
        foreach (var m in new[] { A, B })
        {
            Dir(m);
            Dir(m);
        }
    }

    public NfsPatch Patch { get; }

    /// <summary>The mounts' jiffies.</summary>
    public ManualNfsClock Clock { get; } = new();

    /// <summary>Let every cached attribute run out (past acdirmax and acregmax, 60 s).</summary>
    public void AttrCacheExpires() => Clock.Advance(TimeSpan.FromSeconds(61));

    public Dcache Dcache { get; }

    public NfsServer Server { get; }

    /// <summary>The first mount (made /d).</summary>
    public NfsMount A { get; }

    /// <summary>The second mount ("the other client").</summary>
    public NfsMount B { get; }

    /// <summary>Server file id of /d.</summary>
    public ulong DirId { get; }

    /// <summary>The test thread's task (its trace ring records revalidations, RPCs, ...).</summary>
    public task_struct Task { get; }

    public static byte[] B8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary><c>open(path, flags)</c> then <c>close</c>: the errno (0 = opened).</summary>
    public static int Open(NfsMount m, string path, uint flags = O_RDONLY)
    {
        int err = namei.do_filp_open(m.Root, B8(path), flags, 0x1A4, out filp? f, out _, out _);
        if (err == 0)
        {
            Assert.NotNull(f);
            Assert.True(f.opened);
            namei.fput(f);
        }
        return err;
    }

    /// <summary><c>open(path, flags)</c> kept open: the caller must <c>fput</c> it.</summary>
    public static filp OpenFile(NfsMount m, string path, uint flags)
    {
        int err = namei.do_filp_open(m.Root, B8(path), flags, 0x1A4, out filp? f, out _, out _);
        Assert.True(err == 0, $"open {path}: {Errno.name(err)}");
        return f!;
    }

    /// <summary>The dentry of /d in mount <paramref name="m"/> (walked first so that it is cached).</summary>
    public dentry Dir(NfsMount m)
    {
        Assert.Equal(0, namei.vfs_stat(m.Root, B8("/d"), out inode? dir, out _, out _));
        Assert.True(dir!.S_ISDIR);
        dentry? d = Dcache.d_lookup(m.Root, B8("d"));
        Assert.NotNull(d);
        Dcache.dput(d);
        return d;
    }

    /// <summary>
    /// What the dcache holds for /d/<paramref name="name"/> in mount <paramref name="m"/>: the hashed
    /// dentry (the lookup's reference already dropped again) or null.
    /// </summary>
    public dentry? Cached(NfsMount m, string name)
    {
        dentry? d = Dcache.d_lookup(Dir(m), B8(name));
        if (d is not null)
            Dcache.dput(d);
        return d;
    }

    /// <summary>The server's answer for /d/<paramref name="name"/> (one LOOKUP RPC).</summary>
    public bool OnServer(string name) => Server.Lookup(DirId, name, out _) == 0;

    /// <summary>The directory verifier a dentry made now under /d of <paramref name="m"/> would carry.</summary>
    public long DirVerifier(NfsMount m) => nfs.nfs_save_change_attribute(Dir(m).inode!);

    /// <summary>True when the test thread's trace shows <c>d_revalidate</c> called on <paramref name="d"/>.</summary>
    public bool Revalidated(dentry d) =>
        Task.trace.snapshot(Task.comm, 0).Any(l => l.Contains($" revalidate dentry#{d.d_id} ", StringComparison.Ordinal));

    /// <summary>No invariant hit, and fsck (quiescent) finds neither structural errors nor duplicate names.</summary>
    public void AssertClean()
    {
        var hits = Dcache.bug.HitsByName();
        Assert.True(hits.Count == 0, $"{Patch.Name}: invariant hits: {string.Join(", ", hits.Select(kv => $"{kv.Key}={kv.Value}"))}");
        FsckReport report = Dcache.fsck(quiescent: true);
        Assert.True(report.Clean, report.ToString());
        Assert.True(report.Duplicates.Count == 0, string.Join(Environment.NewLine, report.Duplicates));
    }
}
