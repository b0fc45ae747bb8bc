// SPDX-License-Identifier: GPL-2.0-only
using System.Runtime.CompilerServices;
using DcacheStress.Kernel;

namespace DcacheStress.Bench.Baselines;

/// <summary>
/// Key of the byte-keyed baseline maps: the parent dentry's identity and the name's UTF-8 bytes.
/// This is the realistic key for a path walk: a component is a slice of the path buffer, so the
/// walk looks it up through <see cref="NameSpanKey"/> without allocating a string or an array.
/// </summary>
internal readonly struct NameKey(dentry parent, byte[] name)
{
    /// <summary>Parent (compared by reference).</summary>
    public readonly dentry Parent = parent;

    /// <summary>Name bytes (compared by content).</summary>
    public readonly byte[] Name = name;
}

/// <summary>The allocation-free lookup form of <see cref="NameKey"/> (a path slice).</summary>
internal readonly ref struct NameSpanKey(dentry parent, ReadOnlySpan<byte> name)
{
    /// <summary>Parent.</summary>
    public readonly dentry Parent = parent;

    /// <summary>Name bytes.</summary>
    public readonly ReadOnlySpan<byte> Name = name;
}

/// <summary>
/// Equality for <see cref="NameKey"/>, with the <see cref="NameSpanKey"/> alternate so that
/// <c>GetAlternateLookup</c> works. The hash is what a .NET developer would write:
/// <see cref="HashCode"/> over the parent's identity hash and the name bytes (xxHash32 with a
/// per-process random seed); it is not the port's <c>full_name_hash</c>.
/// </summary>
internal sealed class NameKeyComparer : IEqualityComparer<NameKey>, IAlternateEqualityComparer<NameSpanKey, NameKey>
{
    /// <summary>The one instance.</summary>
    public static NameKeyComparer Instance { get; } = new();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(dentry parent, ReadOnlySpan<byte> name)
    {
        var h = new HashCode();
        h.Add(RuntimeHelpers.GetHashCode(parent));
        h.AddBytes(name);
        return h.ToHashCode();
    }

    /// <inheritdoc/>
    public bool Equals(NameKey x, NameKey y) => ReferenceEquals(x.Parent, y.Parent) && x.Name.AsSpan().SequenceEqual(y.Name);

    /// <inheritdoc/>
    public int GetHashCode(NameKey obj) => Hash(obj.Parent, obj.Name);

    /// <inheritdoc/>
    public bool Equals(NameSpanKey alternate, NameKey other) =>
        ReferenceEquals(alternate.Parent, other.Parent) && alternate.Name.SequenceEqual(other.Name);

    /// <inheritdoc/>
    public int GetHashCode(NameSpanKey alternate) => Hash(alternate.Parent, alternate.Name);

    /// <inheritdoc/>
    public NameKey Create(NameSpanKey alternate) => new(alternate.Parent, alternate.Name.ToArray());
}
