// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Bench.Baselines;

/// <summary>
/// Baseline: the pre-RCU dcache design (Linux 2.4/early 2.6 <c>dcache_lock</c>): one global lock
/// around one hash table. Here one <see cref="ReaderWriterLockSlim"/> around a
/// <see cref="Dictionary{TKey, TValue}"/>; every component lookup takes the read side (as every
/// <c>d_lookup</c> took <c>dcache_lock</c>), every change the write side. Same key and walk as
/// <see cref="ConcurrentDictionaryDcache"/>. A test-support type for the bench only.
/// </summary>
internal sealed class GlobalLockDcache : IDisposable
{
    private readonly ReaderWriterLockSlim _dcache_lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<NameKey, dentry> _map = new(NameKeyComparer.Instance);
    private readonly Dictionary<NameKey, dentry>.AlternateLookup<NameSpanKey> _alt;

    /// <summary>An empty table.</summary>
    public GlobalLockDcache() => _alt = _map.GetAlternateLookup<NameSpanKey>();

    /// <summary>Entries.</summary>
    public int Count
    {
        get
        {
            _dcache_lock.EnterReadLock();
            try
            {
                return _map.Count;
            }
            finally
            {
                _dcache_lock.ExitReadLock();
            }
        }
    }

    /// <summary>Look up one component under the read side of the global lock.</summary>
    public dentry? Lookup(dentry parent, ReadOnlySpan<byte> name)
    {
        _dcache_lock.EnterReadLock();
        try
        {
            return _alt.TryGetValue(new NameSpanKey(parent, name), out dentry? d) ? d : null;
        }
        finally
        {
            _dcache_lock.ExitReadLock();
        }
    }

    /// <summary>Insert (parent, name) → value; false if present.</summary>
    public bool Add(dentry parent, ReadOnlySpan<byte> name, dentry value)
    {
        _dcache_lock.EnterWriteLock();
        try
        {
            return _alt.TryAdd(new NameSpanKey(parent, name), value);
        }
        finally
        {
            _dcache_lock.ExitWriteLock();
        }
    }

    /// <summary>Remove (parent, name); false if absent.</summary>
    public bool Remove(dentry parent, ReadOnlySpan<byte> name)
    {
        _dcache_lock.EnterWriteLock();
        try
        {
            return _alt.Remove(new NameSpanKey(parent, name));
        }
        finally
        {
            _dcache_lock.ExitWriteLock();
        }
    }

    /// <summary>Rename within <paramref name="parent"/> (the target is replaced); false if the source is absent.</summary>
    public bool Rename(dentry parent, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to)
    {
        _dcache_lock.EnterWriteLock();
        try
        {
            if (!_alt.Remove(new NameSpanKey(parent, from), out _, out dentry? value))
                return false;
            _alt[new NameSpanKey(parent, to)] = value;
            return true;
        }
        finally
        {
            _dcache_lock.ExitWriteLock();
        }
    }

    /// <summary>Walk every component; each lookup takes and drops the global lock.</summary>
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

    /// <inheritdoc/>
    public void Dispose() => _dcache_lock.Dispose();
}
