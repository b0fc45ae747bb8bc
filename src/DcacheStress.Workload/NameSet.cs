// SPDX-License-Identifier: GPL-2.0-only
using System.Text;
using DcacheStress.Kernel;
using static DcacheStress.Kernel.OpenFlags;

namespace DcacheStress.Workload;

/// <summary>
/// The paths a workload works on, pre-encoded as UTF-8 so that a walk allocates nothing: the race
/// directory and its names (racer, open-storm), or the deep tree's files and churn names
/// (lookup-hot). Built through the real VFS of mount 0, so the dcache starts warm.
/// </summary>
public sealed class NameSet
{
    /// <summary>Files the ops open/stat/unlink/rename.</summary>
    public byte[][] Files { get; }

    /// <summary>Directories readdir lists.</summary>
    public byte[][] Dirs { get; }

    /// <summary>lookup-hot: existing leaf files (read-only targets).</summary>
    public byte[][] Leaves { get; }

    /// <summary>The race directory (<c>/racer</c>; racer's <c>$DIR</c>).</summary>
    public byte[] Dir { get; }

    /// <summary>racer's bare names "0".."N-1" (symlink targets, nested path components).</summary>
    public string[] Names { get; }

    private NameSet(byte[][] files, byte[][] dirs, byte[][] leaves, byte[]? dir = null, string[]? names = null)
    {
        Files = files;
        Dirs = dirs;
        Leaves = leaves;
        Dir = dir ?? (dirs.Length > 0 ? dirs[0] : []);
        Names = names ?? [];
    }

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    internal static NameSet Create(StressOptions o, PatchTarget t)
    {
        dentry root = t.Mounts[0].Root;
        if (o.Workload != WorkloadKind.LookupHot)
        {
            Check(namei.do_mkdirat(root, B("/racer"), 0x1ED), "mkdir /racer");
            // racer: Lustre's names "0".."19"; open-storm keeps its f-prefixed names.
            bool racer = o.Workload == WorkloadKind.Racer;
            var bare = new string[o.Names];
            var files = new byte[o.Names][];
            for (int i = 0; i < files.Length; i++)
            {
                bare[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                files[i] = B(racer ? $"/racer/{i}" : $"/racer/f{i}");
                if (i % 2 == 0)
                    Create(root, files[i]); // half present, half absent at start
            }
            return new NameSet(files, [B("/racer")], files, B("/racer"), bare);
        }

        // lookup-hot: /t/d0/d1/.../f<j> with `Fanout` entries per level, plus churn names per leaf dir.
        Check(namei.do_mkdirat(root, B("/t"), 0x1ED), "mkdir /t");
        var dirs = new List<string> { "/t" };
        for (int level = 0; level < o.Depth; level++)
        {
            var next = new List<string>();
            foreach (var d in dirs)
            {
                for (int i = 0; i < o.Fanout; i++)
                {
                    string p = $"{d}/d{i}";
                    Check(namei.do_mkdirat(root, B(p), 0x1ED), "mkdir " + p);
                    next.Add(p);
                }
            }
            dirs = next;
        }
        var leaves = new List<byte[]>();
        var churn = new List<byte[]>();
        foreach (var d in dirs)
        {
            for (int i = 0; i < o.Fanout; i++)
            {
                var p = B($"{d}/f{i}");
                Create(root, p);
                leaves.Add(p);
            }
            churn.Add(B($"{d}/n0"));
            churn.Add(B($"{d}/n1"));
        }
        // warm the dcache of every mount: one stat of every leaf
        foreach (var m in t.Mounts)
        {
            foreach (var p in leaves)
                namei.vfs_stat(m.Root, p, out _, out _, out _);
        }
        return new NameSet([.. churn], [.. dirs.Select(B)], [.. leaves]);
    }

    private static void Create(dentry root, byte[] path)
    {
        int err = namei.do_filp_open(root, path, O_CREAT | O_RDWR, 0x1A4, out filp? f, out _, out _);
        Check(err, "create " + Encoding.UTF8.GetString(path));
        namei.fput(f!);
    }

    private static void Check(int err, string what)
    {
        if (err != 0)
            throw new InvalidOperationException($"workload setup failed: {what}: {Errno.name(err)}");
    }
}
