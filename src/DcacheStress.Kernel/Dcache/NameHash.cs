// SPDX-License-Identifier: GPL-2.0-only
// Name hashing in the spirit of fs/namei.c full_name_hash()/hash_name() and
// include/linux/hash.h hash_32() (Linux v4.7). Our own word-at-a-time mix, not the kernel's constants.
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace DcacheStress.Kernel;

/// <summary>
/// Word-at-a-time name hash (8 bytes per step, as the kernel's <c>hash_name</c> on 64-bit), and
/// <c>hash_32</c> for bucket selection. The dentry hash is salted by the parent in
/// <c>d_hash()</c>/<c>in_lookup_hash()</c>, as 4.7 does with the parent's address.
/// </summary>
public static class NameHash
{
    /// <summary><c>GOLDEN_RATIO_32</c>.</summary>
    public const uint GOLDEN_RATIO_32 = 0x61C88647;

    private const ulong MIX_K = 0x9E3779B97F4A7C15UL;

    /// <summary><c>hash_32(val, bits)</c>: multiplicative hash, top <paramref name="bits"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint hash_32(uint val, int bits) => hash_32_rshift(val, 32 - bits);

    /// <summary><c>hash_32(val, 32 - rshift)</c> for a caller that keeps <c>32 - bits</c> precomputed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint hash_32_rshift(uint val, int rshift) => (val * GOLDEN_RATIO_32) >> rshift;

    /// <summary><c>full_name_hash()</c>: 32-bit hash of the bytes, 8 at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint full_name_hash(ReadOnlySpan<byte> name)
    {
        ulong a = 0, x = 0;
        int i = 0;
        int len = name.Length;
        for (; i + 8 <= len; i += 8)
        {
            // HASH_MIX: fold one whole word in, then stir.
            a = BinaryPrimitives.ReadUInt64LittleEndian(name.Slice(i));
            x = BitOperations.RotateLeft((x ^ a) * MIX_K, 29);
        }
        int rest = len - i;
        if (rest != 0)
        {
            // The partial last word, zero-padded (the kernel masks with bytemask_from_count): byte k
            // of the tail at bits 8k, assembled from at most one 4-, one 2- and one 1-byte load
            // instead of a byte loop (word-at-a-time, as hash_name is; same value).
            ReadOnlySpan<byte> tail = name.Slice(i);
            a = 0;
            int p = 0;
            if ((rest & 4) != 0)
            {
                a = BinaryPrimitives.ReadUInt32LittleEndian(tail);
                p = 4;
            }
            if ((rest & 2) != 0)
            {
                a |= (ulong)BinaryPrimitives.ReadUInt16LittleEndian(tail.Slice(p)) << (p * 8);
                p += 2;
            }
            if ((rest & 1) != 0)
                a |= (ulong)tail[p] << (p * 8);
            x = BitOperations.RotateLeft((x ^ a) * MIX_K, 29);
        }
        return fold_hash(x ^ (ulong)len);
    }

    /// <summary><c>fold_hash()</c>: 64 → 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint fold_hash(ulong x)
    {
        x *= MIX_K;
        return (uint)(x >> 32) ^ (uint)x;
    }

    /// <summary><c>hashlen_string()</c>: <c>hashlen_create(full_name_hash(name), len)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong hashlen_string(ReadOnlySpan<byte> name) => hashlen_create(full_name_hash(name), (uint)name.Length);

    /// <summary><c>hashlen_create()</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong hashlen_create(uint hash, uint len) => ((ulong)len << 32) | hash;

    /// <summary>
    /// <c>hash_name()</c>: hash one path component starting at <paramref name="path"/>[0], stopping
    /// at '/' or the end; returns <c>hash_len</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong hash_name(ReadOnlySpan<byte> path)
    {
        int len = path.IndexOf((byte)'/');
        if (len < 0)
            len = path.Length;
        return hashlen_string(path.Slice(0, len));
    }
}
