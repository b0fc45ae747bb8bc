// SPDX-License-Identifier: GPL-2.0-only
// The attribute-cache mount options of struct nfs_server (fs/nfs/super.c, Linux v4.7) and the
// model's jiffies.
using System.Diagnostics;

namespace DcacheStress.Fs.Nfs;

/// <summary>
/// The model's <c>jiffies</c>: <see cref="Stopwatch"/> ticks (HZ = <see cref="Stopwatch.Frequency"/>).
/// Tests use <see cref="ManualNfsClock"/> to move time by hand.
/// </summary>
public class NfsClock
{
    /// <summary>The clock every mount uses unless told otherwise.</summary>
    public static readonly NfsClock Default = new();

    /// <summary><c>HZ</c>: jiffies per second.</summary>
    public static long HZ => Stopwatch.Frequency;

    /// <summary><c>jiffies</c>, now.</summary>
    public virtual long jiffies => Stopwatch.GetTimestamp();
}

/// <summary>A clock that only moves when told to (deterministic tests of the attribute cache).</summary>
public sealed class ManualNfsClock : NfsClock
{
    private long _now = 1_000_000;

    /// <inheritdoc/>
    public override long jiffies => Volatile.Read(ref _now);

    /// <summary>Move time forward by <paramref name="by"/>.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _now, (long)(by.TotalSeconds * HZ));
}

/// <summary>
/// The attribute-cache options of an NFS mount: <c>acregmin/acregmax/acdirmin/acdirmax</c>, 4.7's
/// defaults (3/60/30/60 s, <c>NFS_DEF_AC*</c>), times <see cref="Scale"/>.
/// <para>A stress run lives in milliseconds where a real client lives in seconds: its RPC costs
/// about 2 µs (the default <c>--rpc-latency-ns</c>) where a LAN RPC costs about 0.2–2 ms. The
/// default scale, 0.001, turns seconds into milliseconds, which keeps an attribute-cache lifetime
/// about as many RPC round trips long as on a real network (acdirmin = 30 ms ≈ 15,000 model RPCs;
/// 30 s ≈ 15,000–150,000 real ones). Scale 0 is <c>noac</c>: attributes are never trusted.</para>
/// </summary>
public sealed record NfsMountOptions
{
    /// <summary>4.7's <c>NFS_DEF_ACREGMIN</c>.</summary>
    public static readonly TimeSpan DefAcRegMin = TimeSpan.FromSeconds(3);

    /// <summary>4.7's <c>NFS_DEF_ACREGMAX</c>.</summary>
    public static readonly TimeSpan DefAcRegMax = TimeSpan.FromSeconds(60);

    /// <summary>4.7's <c>NFS_DEF_ACDIRMIN</c>.</summary>
    public static readonly TimeSpan DefAcDirMin = TimeSpan.FromSeconds(30);

    /// <summary>4.7's <c>NFS_DEF_ACDIRMAX</c>.</summary>
    public static readonly TimeSpan DefAcDirMax = TimeSpan.FromSeconds(60);

    /// <summary>The default <see cref="Scale"/> (seconds become milliseconds).</summary>
    public const double DefaultScale = 0.001;

    /// <summary>The defaults: 4.7's values, scaled by <see cref="DefaultScale"/>, on the real clock.</summary>
    public static readonly NfsMountOptions Default = new();

    /// <summary>Multiplier applied to all four timeouts (0 = <c>noac</c>).</summary>
    public double Scale { get; init; } = DefaultScale;

    /// <summary>The clock (<c>jiffies</c>).</summary>
    public NfsClock Clock { get; init; } = NfsClock.Default;

    /// <summary>Jiffies for <paramref name="t"/> after scaling.</summary>
    internal long Jiffies(TimeSpan t) => (long)(t.TotalSeconds * Scale * NfsClock.HZ);
}
