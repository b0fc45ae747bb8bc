// SPDX-License-Identifier: GPL-2.0-only
// struct qstr, ported from include/linux/dcache.h (Linux v4.7).
using System.Runtime.CompilerServices;

namespace DcacheStress.Kernel;

/// <summary>
/// <c>struct qstr</c> as a lookup argument: the name bytes (a span, like the kernel's
/// <c>const unsigned char *name</c>, so that path components are looked up in place without
/// allocating) and <c>hash_len</c> = hash in the low 32 bits, length in the high 32.
/// A dentry stores its own name as <c>d_name_hash_len</c> + <c>d_name_name</c> (see
/// <see cref="dentry"/>); <see cref="dentry.d_name"/> rebuilds a <c>qstr</c> from them.
/// </summary>
public readonly ref struct qstr
{
    /// <summary><c>name</c>: the bytes (no NUL; the span carries the length).</summary>
    public readonly ReadOnlySpan<byte> name;

    /// <summary><c>hash_len</c>: <c>hashlen_create(hash, len)</c>.</summary>
    public readonly ulong hash_len;

    /// <summary>Build from bytes and a precomputed <c>hash_len</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public qstr(ReadOnlySpan<byte> name, ulong hash_len)
    {
        this.name = name;
        this.hash_len = hash_len;
    }

    /// <summary><c>hashlen_hash()</c>.</summary>
    public uint hash => (uint)hash_len;

    /// <summary><c>hashlen_len()</c>.</summary>
    public uint len => (uint)(hash_len >> 32);

    /// <summary>QSTR_INIT + full_name_hash: hash the bytes as <c>hash_name</c> would.</summary>
    public static qstr from(ReadOnlySpan<byte> name) => new(name, NameHash.hashlen_string(name));

    /// <summary>Printable form (reports).</summary>
    public override string ToString() => System.Text.Encoding.UTF8.GetString(name);
}
