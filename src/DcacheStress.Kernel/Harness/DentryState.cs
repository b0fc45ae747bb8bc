// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;

namespace DcacheStress.Kernel;

/// <summary>
/// A dentry's state at one moment, as a crash dump would show it: flags, hashed, in-lookup,
/// positive/negative, refcount, parent and name. Read without locks (a dump is racy too).
/// </summary>
public sealed record DentryState(
    long Id,
    string Path,
    string Name,
    long ParentId,
    uint Flags,
    bool Hashed,
    bool InLookup,
    bool Positive,
    int RefCount,
    uint Seq,
    string? InLookupOwner)
{
    /// <summary>Capture <paramref name="d"/> now.</summary>
    public static DentryState Capture(dentry d) => new(
        d.d_id,
        d.path,
        d.name,
        d.parent.d_id,
        d.flags,
        !Dcache.d_unhashed(d),
        Dcache.d_in_lookup(d),
        d.inode is not null,
        d.d_count,
        d.seq,
        Volatile.Read(ref d.d_in_lookup_owner)?.ToString());

    /// <summary>Flags as hex, as in Drokin's dumps (<c>d_flags = 0x140</c>).</summary>
    public string FlagsHex => "0x" + Flags.ToString("x", CultureInfo.InvariantCulture);
}
