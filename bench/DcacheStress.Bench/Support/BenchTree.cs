// SPDX-License-Identifier: GPL-2.0-only
using System.Text;
using DcacheStress.Bench.Baselines;
using DcacheStress.Fs;
using DcacheStress.Kernel;
using DcacheStress.Workload;

namespace DcacheStress.Bench.Support;

/// <summary>One (parent, name) pair of the tree, with the name pre-hashed once.</summary>
internal readonly struct TreeKey(dentry parent, byte[] name, dentry? target)
{
    /// <summary>Parent directory dentry.</summary>
    public readonly dentry Parent = parent;

    /// <summary>Name bytes.</summary>
    public readonly byte[] Name = name;

    /// <summary>Name as a string (the (parent, string) baseline's key).</summary>
    public readonly string NameString = Encoding.UTF8.GetString(name);

    /// <summary><c>hashlen_string(name)</c>, computed once.</summary>
    public readonly ulong HashLen = NameHash.hashlen_string(name);

    /// <summary>The dentry the port has for the key (null for a miss key).</summary>
    public readonly dentry? Target = target;
}

/// <summary>
/// The lookup-hot namespace of one patch, built through the real VFS (PatchTarget: NFS client
/// model over the in-memory server, patch's dcache), warmed, and then described as keys for the
/// microbenchmarks: every leaf file as a positive (parent, name), absent names as misses, and
/// names made into cached negative dentries by a stat. The baselines are filled with the same keys.
/// </summary>
internal sealed class BenchTree
{
    /// <summary>Keys per microbenchmark invocation (and size of each key set).</summary>
    public const int KeyCount = 4096;

    /// <summary>The default tree: /t/dA/dB/fC, 16 entries per level: 4096 leaves, 4-component paths.</summary>
    public static StressOptions DefaultOptions(string patch) => new()
    {
        Patches = [patch],
        Workload = WorkloadKind.LookupHot,
        Threads = 1,
        Mounts = 1,
        RpcLatencyNs = 0,
        Depth = 2,
        Fanout = 16,
    };

    /// <summary>The patch's target (dcache, server, mount, names).</summary>
    public PatchTarget Target { get; }

    /// <summary>Its dcache.</summary>
    public Dcache Dcache => Target.Dcache;

    /// <summary>Root of mount 0.</summary>
    public dentry Root => Target.Mounts[0].Root;

    /// <summary>Leaf file paths (4 components with the default options), shuffled.</summary>
    public byte[][] LeafPaths { get; }

    /// <summary>Leaf keys (positive dentries), in the order of <see cref="LeafPaths"/>.</summary>
    public TreeKey[] Hits { get; }

    /// <summary>Absent names under the leaf directories (never looked up: no dentry at all).</summary>
    public TreeKey[] Misses { get; }

    /// <summary>Names made into hashed negative dentries by one stat each.</summary>
    public TreeKey[] Negatives { get; }

    /// <summary>Every directory on the way to a leaf (for d_alloc_parallel).</summary>
    public dentry[] LeafDirs { get; }

    /// <summary>Build and warm the tree of <paramref name="patch"/>.</summary>
    public BenchTree(string patch = "v4.7", StressOptions? options = null, int seed = 42)
    {
        options ??= DefaultOptions(patch);
        if (!PatchCatalog.TryCreate(patch, out Patch p))
            throw new ArgumentException($"unknown patch '{patch}'", nameof(patch));
        Target = new PatchTarget(p, options);
        var rnd = new Random(seed);
        var leaves = Target.Names.Leaves.ToArray();
        rnd.Shuffle(leaves);
        LeafPaths = leaves;

        var hits = new List<TreeKey>();
        var dirs = new HashSet<dentry>(ReferenceEqualityComparer.Instance);
        foreach (var path in leaves)
        {
            dentry parent = WalkParent(path, out byte[] last);
            dentry? d = Lookup(parent, last) ?? throw new InvalidOperationException($"leaf not cached: {Encoding.UTF8.GetString(path)}");
            hits.Add(new TreeKey(parent, last, d));
            dirs.Add(parent);
        }
        Hits = [.. hits];
        LeafDirs = [.. dirs];

        // Absent names: never looked up, so no dentry (a true hash miss).
        var misses = new List<TreeKey>();
        var negatives = new List<TreeKey>();
        int perDir = (Hits.Length + LeafDirs.Length - 1) / LeafDirs.Length;
        foreach (var dir in LeafDirs)
        {
            for (int i = 0; i < perDir; i++)
            {
                misses.Add(new TreeKey(dir, Encoding.UTF8.GetBytes($"m{i}"), null));
                // stat of an absent name: nfs_lookup splices a negative dentry into the hash.
                byte[] neg = Encoding.UTF8.GetBytes($"x{i}");
                byte[] negPath = Encoding.UTF8.GetBytes(dir.path + "/x" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                int err = namei.vfs_stat(Root, negPath, out _, out _, out _);
                if (err != -Errno.ENOENT)
                    throw new InvalidOperationException($"expected ENOENT for {Encoding.UTF8.GetString(negPath)}, got {Errno.name(err)}");
                dentry? nd = Lookup(dir, neg);
                if (nd is null || !Dcache.d_is_negative(nd))
                    throw new InvalidOperationException($"no cached negative dentry for {Encoding.UTF8.GetString(negPath)}");
                negatives.Add(new TreeKey(dir, neg, nd));
            }
        }
        var m = misses.ToArray();
        var n = negatives.ToArray();
        rnd.Shuffle(m);
        rnd.Shuffle(n);
        Misses = m[..Math.Min(KeyCount, m.Length)];
        Negatives = n[..Math.Min(KeyCount, n.Length)];
        if (Hits.Length != KeyCount || Misses.Length != KeyCount || Negatives.Length != KeyCount)
            throw new InvalidOperationException($"key sets must hold {KeyCount} keys (hits {Hits.Length}, misses {Misses.Length}, negatives {Negatives.Length})");
    }

    /// <summary>
    /// <see cref="KeyCount"/> entries that cycle through the first <paramref name="distinct"/> of
    /// <paramref name="source"/>: 16 distinct keys stay in L1/L2 (instruction cost), 4096 spread
    /// over the whole tree (the cache misses of a real walk).
    /// </summary>
    public static T[] WorkingSet<T>(T[] source, int distinct)
    {
        if (distinct < 1 || distinct > source.Length)
            throw new ArgumentOutOfRangeException(nameof(distinct), distinct, $"1..{source.Length}");
        var result = new T[KeyCount];
        for (int i = 0; i < result.Length; i++)
            result[i] = source[i % distinct];
        return result;
    }

    /// <summary>Resolve all but the last component with the port (single-threaded setup only).</summary>
    public dentry WalkParent(byte[] path, out byte[] last)
    {
        dentry d = Root;
        int pos = 0;
        last = [];
        while (PathSplit.Next(path, ref pos, out int start, out int len))
        {
            byte[] name = path.AsSpan(start, len).ToArray();
            if (PathSplit.AtEnd(path, pos))
            {
                last = name;
                return d;
            }
            d = Lookup(d, name) ?? throw new InvalidOperationException($"not cached: {Encoding.UTF8.GetString(path)}");
        }
        throw new InvalidOperationException($"empty path {Encoding.UTF8.GetString(path)}");
    }

    /// <summary>__d_lookup_rcu + d_seq check (setup only: the tree is quiescent).</summary>
    public dentry? Lookup(dentry parent, byte[] name)
    {
        dentry? d = Dcache.__d_lookup_rcu(parent, qstr.from(name), out uint seq);
        if (d is not null && d.d_seq.read_seqcount_retry(seq))
            throw new InvalidOperationException("d_seq moved during single-threaded setup");
        return d;
    }

    /// <summary>Every positive (parent, name) on the way to every leaf, root excluded.</summary>
    public IEnumerable<TreeKey> AllPositiveKeys()
    {
        var seen = new HashSet<dentry>(ReferenceEqualityComparer.Instance);
        foreach (var path in LeafPaths)
        {
            dentry d = Root;
            int pos = 0;
            while (PathSplit.Next(path, ref pos, out int start, out int len))
            {
                byte[] name = path.AsSpan(start, len).ToArray();
                dentry child = Lookup(d, name)!;
                if (seen.Add(child))
                    yield return new TreeKey(d, name, child);
                d = child;
            }
        }
    }

    /// <summary>A <see cref="ConcurrentDictionaryDcache"/> holding every positive key of the tree.</summary>
    public ConcurrentDictionaryDcache BuildConcurrentDictionary()
    {
        var cd = new ConcurrentDictionaryDcache();
        foreach (var k in AllPositiveKeys())
            cd.Add(k.Parent, k.Name, k.Target!);
        return cd;
    }

    /// <summary>A <see cref="GlobalLockDcache"/> holding every positive key of the tree.</summary>
    public GlobalLockDcache BuildGlobalLock()
    {
        var gl = new GlobalLockDcache();
        foreach (var k in AllPositiveKeys())
            gl.Add(k.Parent, k.Name, k.Target!);
        return gl;
    }
}
