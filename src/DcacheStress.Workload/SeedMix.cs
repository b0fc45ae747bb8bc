// SPDX-License-Identifier: GPL-2.0-only
using System.Runtime.CompilerServices;

namespace DcacheStress.Workload;

/// <summary>Seed derivation (splitmix64) and the per-thread generator (xorshift64*).</summary>
public static class SeedMix
{
    /// <summary>splitmix64 of <paramref name="x"/>.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x == 0 ? 1 : x;
    }

    /// <summary>Seed of (run seed, a, b): stable across machines and runs.</summary>
    public static ulong Derive(ulong seed, int a, int b) => Mix(Mix(seed ^ Mix((ulong)a)) ^ (ulong)(uint)b);

    /// <summary>Next value of an xorshift64* state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Next(ref ulong s)
    {
        ulong x = s;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        s = x;
        return x * 0x2545F4914F6CDD1DUL;
    }
}
