// SPDX-License-Identifier: GPL-2.0-only
// Memory-barrier primitives of the Linux kernel mapped onto the .NET memory model.
// Ported for DcacheStress from include/asm-generic/barrier.h (Linux v4.7) semantics.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DcacheStress.Kernel.Locking;

/// <summary>
/// The kernel's barrier vocabulary. The port uses these names so that every ordering point reads
/// as in the C source, and each call site says what it pairs with.
/// <para>
/// Mapping (see design.md): <c>READ_ONCE</c>/<c>smp_load_acquire</c> → <see cref="Volatile.Read{T}(ref readonly T)"/>,
/// <c>WRITE_ONCE</c>/<c>smp_store_release</c> → <see cref="Volatile.Write{T}(ref T, T)"/>,
/// <c>smp_mb</c> → <see cref="Interlocked.MemoryBarrier"/>.
/// </para>
/// <para>
/// <c>smp_rmb</c>/<c>smp_wmb</c>: .NET 10 has no load-only or store-only fence. On x86/x64 (TSO)
/// loads are not reordered with loads and stores not with stores, so only the compiler must be
/// kept from reordering; the port guarantees that by making every access on either side of such a
/// barrier a <c>Volatile</c> access (a JIT barrier). On weakly ordered CPUs (ARM64) the same
/// <c>Volatile</c> accesses are acquire/release (ldar/stlr), and the barrier additionally emits a
/// full fence (<c>dmb ish</c>), which is stronger than <c>dmb ishld</c>/<c>dmb ishst</c>.
/// </para>
/// </summary>
public static class barrier
{
    /// <summary>True where the hardware itself orders load→load and store→store (x86, x64).</summary>
    private static readonly bool s_tso =
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;

    /// <summary><c>smp_rmb()</c>: earlier loads complete before later loads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void smp_rmb()
    {
        if (!s_tso)
            Interlocked.MemoryBarrier();
    }

    /// <summary><c>smp_wmb()</c>: earlier stores are visible before later stores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void smp_wmb()
    {
        if (!s_tso)
            Interlocked.MemoryBarrier();
    }

    /// <summary><c>smp_mb()</c>: a full two-way fence.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void smp_mb() => Interlocked.MemoryBarrier();

    /// <summary><c>cpu_relax()</c>: a pause instruction inside a spin loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void cpu_relax() => SchedHooks.cpu_relax(); // explore: wait for another task's release
}
