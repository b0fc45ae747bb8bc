// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Concurrent;
using DcacheStress.Kernel;

namespace DcacheStress.Bench.Baselines;

/// <summary>
/// Baseline: the dentry hash as one <see cref="ConcurrentDictionary{TKey, TValue}"/> keyed by
/// (parent dentry, name bytes) — lock-free reads, striped locks for writers. The walk does what
/// <c>link_path_walk</c> does per component (find the next '/', hash, look up) with none of the
/// dcache's semantics (no d_seq, no references, no revalidation, no negative entries).
/// </summary>
internal sealed class ConcurrentDictionaryDcache
{
    private readonly ConcurrentDictionary<NameKey, dentry> _map = new(NameKeyComparer.Instance);
    private readonly ConcurrentDictionary<NameKey, dentry>.AlternateLookup<NameSpanKey> _alt;

    /// <summary>An empty map.</summary>
    public ConcurrentDictionaryDcache() => _alt = _map.GetAlternateLookup<NameSpanKey>();

    /// <summary>Entries.</summary>
    public int Count => _map.Count;

    /// <summary>Look up one component.</summary>
    public dentry? Lookup(dentry parent, ReadOnlySpan<byte> name) =>
        _alt.TryGetValue(new NameSpanKey(parent, name), out dentry? d) ? d : null;

    /// <summary>Insert (parent, name) → value; false if present.</summary>
    public bool Add(dentry parent, ReadOnlySpan<byte> name, dentry value) => _alt.TryAdd(new NameSpanKey(parent, name), value);

    /// <summary>Remove (parent, name); false if absent.</summary>
    public bool Remove(dentry parent, ReadOnlySpan<byte> name) => _alt.TryRemove(new NameSpanKey(parent, name), out _, out _);

    /// <summary>Rename within <paramref name="parent"/> (the target is replaced); false if the source is absent.</summary>
    public bool Rename(dentry parent, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to)
    {
        if (!_alt.TryRemove(new NameSpanKey(parent, from), out _, out dentry? value))
            return false;
        _alt[new NameSpanKey(parent, to)] = value;
        return true;
    }

    /// <summary>Walk every component of <paramref name="path"/> from <paramref name="root"/>; null when one is missing.</summary>
    public dentry? Walk(dentry root, ReadOnlySpan<byte> path)
    {
        dentry? d = root;
        int pos = 0;
        while (PathSplit.Next(path, ref pos, out int start, out int len))
        {
            d = Lookup(d, path.Slice(start, len));
            if (d is null)
                return null;
        }
        return d;
    }
}
