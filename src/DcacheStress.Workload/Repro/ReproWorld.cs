// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text;
using DcacheStress.Fs;
using DcacheStress.Fs.Server;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Workload.Repro;

/// <summary>
/// A small world for one repro: one patch's dcache, its filesystem's server with directory /d, two
/// client mounts of it (racer's MOUNT_2; the threads work on the first, the second is "the other
/// client"), a schedule installed on the race-window sites, and named real threads.
/// </summary>
public sealed class ReproWorld : IDisposable
{
    private readonly FsInstance _fs;

    private readonly List<(string Name, string Verb, Func<int> Body)> _threads = [];
    private readonly List<string> _results = [];

    /// <summary>The patch.</summary>
    public Patch Patch { get; }

    /// <summary>Its dcache.</summary>
    public Dcache Dcache { get; }

    /// <summary>The server.</summary>
    public IFsServer Server { get; }

    /// <summary>The mount the threads work on.</summary>
    public IFsMount Mount { get; }

    /// <summary>The second mount of the same server.</summary>
    public IFsMount Other { get; }

    /// <summary>The schedule.</summary>
    public RaceSchedule Schedule { get; } = new();

    /// <summary>Server file id of /d.</summary>
    public ulong DirId { get; }

    /// <summary>Build the world for <paramref name="patch"/>.</summary>
    public ReproWorld(Patch patch)
    {
        Patch = patch;
        Dcache = patch.CreateDcache(DcacheOptions.Default);
        FsInstance fs = patch.Filesystem.mount(patch, Dcache, new FsMountOptions(2, 0, patch.Name + ":repro"));
        _fs = fs;
        Server = fs.Server;
        Mount = fs.Mounts[0];
        Other = fs.Mounts[1];
        int err = namei.do_mkdirat(Mount.Root, "/d"u8, 0x1ED);
        if (err != 0)
            throw new InvalidOperationException("repro setup: mkdir /d: " + Errno.name(err));
        Server.Lookup(Server.RootId, "d", out ServerEntry d);
        DirId = d.FileId;
        Dcache.race.SetSchedule(Schedule);
    }

    /// <summary>A thread that opens <paramref name="path"/> without O_CREAT (and closes it).</summary>
    public ReproWorld Opener(string name, string path) => Opener(name, path, O_RDONLY);

    /// <summary>A thread that opens <paramref name="path"/> with O_CREAT (mode 0644) and closes it.</summary>
    public ReproWorld Creator(string name, string path) => Opener(name, path, O_RDWR | O_CREAT);

    /// <summary>
    /// <paramref name="name"/> starts its operation only once <paramref name="other"/> has reached
    /// <paramref name="site"/> (the schedule's time-out applies).
    /// </summary>
    public ReproWorld StartAfter(string name, string other, RaceSite site)
    {
        _gates[name] = (other, site);
        return this;
    }

    private readonly Dictionary<string, (string Other, RaceSite Site)> _gates = [];

    private ReproWorld Opener(string name, string path, uint flags)
    {
        byte[] p = Encoding.UTF8.GetBytes(path);
        _threads.Add((name, "open", () =>
        {
            int err = namei.do_filp_open(Mount.Root, p, flags, 0x1A4, out filp? f, out _, out _);
            if (err == 0)
                namei.fput(f!);
            return err;
        }));
        return this;
    }

    /// <summary>
    /// Setup, on the calling thread: stat <paramref name="path"/> so that its dentries are cached
    /// (Lustre's mkdir leaves the new directory's dentry unhashed, as ll_new_node does).
    /// </summary>
    public void Warm(string path)
    {
        int err = namei.vfs_stat(Mount.Root, Encoding.UTF8.GetBytes(path), out _, out _, out _);
        if (err != 0)
            throw new InvalidOperationException($"repro setup: stat {path}: {Errno.name(err)}");
    }

    /// <summary>A thread that unlinks <paramref name="path"/>.</summary>
    public ReproWorld Unlinker(string name, string path)
    {
        byte[] p = Encoding.UTF8.GetBytes(path);
        _threads.Add((name, "unlink", () => namei.do_unlinkat(Mount.Root, p)));
        return this;
    }

    /// <summary>A thread that stats <paramref name="path"/> (a lookup without an open intent).</summary>
    public ReproWorld Statter(string name, string path)
    {
        byte[] p = Encoding.UTF8.GetBytes(path);
        _threads.Add((name, "stat", () => namei.vfs_stat(Mount.Root, p, out _, out _, out _)));
        return this;
    }

    /// <summary>
    /// A thread that opens the directory <paramref name="path"/> as `ls` does (opendir: O_RDONLY|
    /// O_DIRECTORY, no O_CREAT), reads it when that worked, and closes it.
    /// </summary>
    public ReproWorld Lister(string name, string path)
    {
        byte[] p = Encoding.UTF8.GetBytes(path);
        _threads.Add((name, "open", () =>
        {
            int err = namei.do_filp_open(Mount.Root, p, O_RDONLY | O_DIRECTORY, 0, out filp? f, out _, out _);
            if (err == 0)
            {
                err = namei.iterate_dir(f!, out _);
                namei.fput(f!);
            }
            return err;
        }));
        return this;
    }

    /// <summary>
    /// Setup, on the calling thread before the threads start: open <paramref name="path"/> (without
    /// O_CREAT) and never close it: its reference keeps the dentry alive for the rest of the repro,
    /// as a process holding the file would. Returns the open file's dentry.
    /// </summary>
    public dentry KeepOpen(string path)
    {
        int err = 0;
        filp? f = null;
        // Its own thread, so the trail names it "setup" and the caller's task is left alone.
        var setup = new Thread(() =>
        {
            task_struct.set_current_task(new task_struct("setup", 1));
            err = namei.do_filp_open(Mount.Root, Encoding.UTF8.GetBytes(path), O_RDONLY, 0, out f, out _, out _);
        })
        { IsBackground = true, Name = "setup" };
        setup.Start();
        setup.Join();
        if (err != 0)
            throw new InvalidOperationException($"repro setup: open {path}: {Errno.name(err)}");
        return f!.f_path.dentry!;
    }

    /// <summary>
    /// Run <paramref name="body"/> to completion on a thread of its own named <paramref name="comm"/>
    /// (from an action: what it does at race sites is recorded under that name, not the caller's).
    /// </summary>
    public int RunAs(string comm, Func<int> body)
    {
        int err = 0;
        var t = new Thread(() =>
        {
            task_struct.set_current_task(new task_struct(comm, 1));
            err = body();
        })
        { IsBackground = true, Name = comm };
        t.Start();
        t.Join();
        return err;
    }

    /// <summary>Run every thread to completion (or <paramref name="timeout"/>); false when some did not finish.</summary>
    public bool Run(TimeSpan timeout)
    {
        var threads = new List<Thread>();
        foreach (var (name, verb, body) in _threads)
        {
            var t = new Thread(() =>
            {
                task_struct.set_current_task(new task_struct(name, 1));
                if (_gates.TryGetValue(name, out var gate))
                    Schedule.AwaitStart(name, gate.Other, gate.Site);
                int err = body();
                lock (_results)
                    _results.Add($"{name}: {verb} returned {(err == 0 ? (verb == "open" ? "0 (opened)" : "0") : Errno.name(err))}");
                Tasks.Add(task_struct.current);
            })
            { IsBackground = true, Name = name };
            threads.Add(t);
        }
        foreach (var t in threads)
            t.Start();
        var deadline = DateTime.UtcNow + timeout;
        bool all = true;
        foreach (var t in threads)
            all &= t.Join(Max(deadline - DateTime.UtcNow, TimeSpan.Zero));
        return all;
    }

    /// <summary>Unmount: the mounts' kernel threads (Lustre's <c>ldlm_bl</c>) stop.</summary>
    public void Dispose() => _fs.Dispose();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Tasks of the threads that finished.</summary>
    public System.Collections.Concurrent.ConcurrentBag<task_struct> Tasks { get; } = [];

    /// <summary>The event trail: schedule log and every thread's trace, merged by time, then results.</summary>
    public List<string> Trail()
    {
        var lines = new List<(double T, string Line)>();
        foreach (var l in Schedule.Log)
            lines.Add((TimeOf(l), l));
        foreach (var task in Tasks)
        {
            foreach (var l in task.trace.snapshot(task.comm, Schedule.Origin, FormatArg))
                lines.Add((TimeOf(l), l));
        }
        var trail = lines.OrderBy(x => x.T).Select(x => x.Line).ToList();
        lock (_results)
            trail.AddRange(_results);
        return trail;
    }

    private static string FormatArg(TraceEvent kind, int arg) => kind switch
    {
        TraceEvent.invariant_hit => "INVARIANT " + InvariantInfo.Name((Invariant)arg),
        TraceEvent.race_window => RaceSites.Name((RaceSite)arg),
        TraceEvent.op_begin => OpTrace.Name(arg),
        TraceEvent.atomic_open_exit or TraceEvent.open_rpc => arg.ToString(CultureInfo.InvariantCulture),
        TraceEvent.revalidate => "flags 0x" + arg.ToString("x", CultureInfo.InvariantCulture),
        _ => "",
    };

    private static double TimeOf(string line)
    {
        int s = line.IndexOf("t=", StringComparison.Ordinal);
        int e = line.IndexOf("us", s + 2, StringComparison.Ordinal);
        return s >= 0 && e > s && double.TryParse(line.AsSpan(s + 2, e - s - 2), NumberStyles.Float, CultureInfo.InvariantCulture, out double t) ? t : 0;
    }
}
