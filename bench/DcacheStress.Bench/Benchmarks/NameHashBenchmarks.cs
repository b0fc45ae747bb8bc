// SPDX-License-Identifier: GPL-2.0-only
using System.Buffers.Binary;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using DcacheStress.Bench.Support;
using DcacheStress.Kernel;

namespace DcacheStress.Bench.Benchmarks;

/// <summary>
/// <c>full_name_hash</c> (what <c>qstr.from</c> and <c>hash_name</c> cost per component) against the
/// byte-at-a-time tail it had before: the port now assembles the last partial word from one 4-,
/// one 2- and one 1-byte load. Setup proves the two give the same value for every length 0..64,
/// so a change of the hash shows up here as a failure, not as a number. 4096 names per invocation
/// (16 distinct, cache-resident) of <see cref="NameLength"/> bytes.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[BenchmarkCategory(Categories.Hash)]
public class NameHashBenchmarks
{
    private const int N = BenchTree.KeyCount;
    private const ulong MIX_K = 0x9E3779B97F4A7C15UL;
    private byte[][] _names = null!;

    /// <summary>Name length in bytes: 3 ("f12"), 6, 15 (a typical file name).</summary>
    [Params(3, 6, 15)]
    public int NameLength { get; set; } = 6;

    /// <summary>Random names; check the port's hash against the reference for every length.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rnd = new Random(42);
        for (int len = 0; len <= 64; len++)
        {
            for (int k = 0; k < 64; k++)
            {
                byte[] b = new byte[len];
                rnd.NextBytes(b);
                BenchCheck.Equal(ByteAtATime(b), NameHash.full_name_hash(b), $"full_name_hash of {len} bytes");
            }
        }
        var distinct = new byte[16][];
        for (int i = 0; i < distinct.Length; i++)
        {
            distinct[i] = new byte[NameLength];
            rnd.NextBytes(distinct[i]);
        }
        _names = BenchTree.WorkingSet(distinct, distinct.Length);
    }

    /// <summary>The hash with the tail folded in one byte at a time (the port's code before this suite).</summary>
    private static uint ByteAtATime(ReadOnlySpan<byte> name)
    {
        ulong a, x = 0;
        int i = 0;
        for (; i + 8 <= name.Length; i += 8)
        {
            a = BinaryPrimitives.ReadUInt64LittleEndian(name.Slice(i));
            x = BitOperations.RotateLeft((x ^ a) * MIX_K, 29);
        }
        int rest = name.Length - i;
        if (rest != 0)
        {
            a = 0;
            for (int k = rest - 1; k >= 0; k--)
                a = (a << 8) | name[i + k];
            x = BitOperations.RotateLeft((x ^ a) * MIX_K, 29);
        }
        x ^= (ulong)name.Length;
        x *= MIX_K;
        return (uint)(x >> 32) ^ (uint)x;
    }

    /// <summary>Baseline: the byte-at-a-time tail.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Baseline)]
    public uint ByteAtATime_reference()
    {
        uint acc = 0;
        foreach (byte[] n in _names)
            acc += ByteAtATime(n);
        return acc;
    }

    /// <summary><c>NameHash.full_name_hash</c> as ported.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    [BenchmarkCategory(Categories.Port)]
    public uint full_name_hash()
    {
        uint acc = 0;
        foreach (byte[] n in _names)
            acc += NameHash.full_name_hash(n);
        return acc;
    }
}
