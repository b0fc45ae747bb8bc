// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Service.Crash;

/// <summary>
/// What a crash dump would have told: the invariant that broke, where, and the last events of
/// every worker thread, captured on the hitting thread at the moment of the hit. Written as
/// <c>crash-&lt;invariant&gt;-&lt;n&gt;.json</c> (snake_case keys).
/// </summary>
public sealed class CrashRecord
{
    /// <summary>Invariant name (<c>d_splice_alias.hashed</c>).</summary>
    public required string Invariant { get; init; }

    /// <summary><c>kernel_bug</c> (a BUG_ON/WARN_ON of 4.7), <c>root_cause</c> or <c>port_check</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>
    /// What the hit means for its boot: <c>crash</c> (the boot's first kernel-BUG-class hit),
    /// <c>root_cause</c>, <c>port_check</c>, or <c>after_crash</c> (any hit in a boot that already
    /// crashed: a possible consequence). Null in records written before issue 13.
    /// </summary>
    public string? HitClass { get; init; }

    /// <summary>Index of the patch's boot the hit happened in (0 = the first).</summary>
    public int Boot { get; init; }

    /// <summary>What the site checks.</summary>
    public required string Description { get; init; }

    /// <summary>Patch under test.</summary>
    public required string Patch { get; init; }

    /// <summary>Whether the patch is known correct (a hit on it is a finding about the port or the model).</summary>
    public required bool PatchExpectedClean { get; init; }

    /// <summary>Hitting thread (<c>comm</c>, e.g. <c>w2</c>).</summary>
    public required string Thread { get; init; }

    /// <summary>Worker index of the hitting thread (-1: not a worker).</summary>
    public required int ThreadIndex { get; init; }

    /// <summary>Its pid in the model.</summary>
    public required int Pid { get; init; }

    /// <summary>Wall-clock time of the hit.</summary>
    public required DateTimeOffset TimeUtc { get; init; }

    /// <summary>The patch's active seconds at the hit.</summary>
    public required double ActiveSeconds { get; init; }

    /// <summary>Seconds since the run's clock started.</summary>
    public required double RunSeconds { get; init; }

    /// <summary>Round index at the hit.</summary>
    public required int Round { get; init; }

    /// <summary>The run seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>The dentry the site complained about, or null when the site names none.</summary>
    public CrashDentry? Dentry { get; init; }

    /// <summary>How to read <see cref="Threads"/>.</summary>
    public required string EventsNote { get; init; }

    /// <summary>Every worker thread's last events, the hitting thread first.</summary>
    public required IReadOnlyList<CrashThreadEvents> Threads { get; init; }
}

/// <summary>A dentry's state at the hit (<see cref="DcacheStress.Kernel.DentryState"/>).</summary>
public sealed class CrashDentry
{
    /// <summary>d_id.</summary>
    public required long Id { get; init; }

    /// <summary>Path from the root.</summary>
    public required string Path { get; init; }

    /// <summary>d_name.</summary>
    public required string Name { get; init; }

    /// <summary>d_parent's d_id.</summary>
    public required long ParentId { get; init; }

    /// <summary>d_flags, hex.</summary>
    public required string Flags { get; init; }

    /// <summary>On the primary hash (!d_unhashed).</summary>
    public required bool Hashed { get; init; }

    /// <summary>DCACHE_PAR_LOOKUP set.</summary>
    public required bool InLookup { get; init; }

    /// <summary>Has an inode.</summary>
    public required bool Positive { get; init; }

    /// <summary>d_lockref.count.</summary>
    public required int RefCount { get; init; }

    /// <summary>d_seq.</summary>
    public required uint Seq { get; init; }

    /// <summary>The thread that owns the in-lookup dentry, if any.</summary>
    public string? InLookupOwner { get; init; }
}

/// <summary>One thread's last events.</summary>
public sealed class CrashThreadEvents
{
    /// <summary>Thread name.</summary>
    public required string Thread { get; init; }

    /// <summary>Events, oldest first: <c>t=-12.5us w1 d_drop dentry#42 0</c>.</summary>
    public required IReadOnlyList<string> Events { get; init; }
}
