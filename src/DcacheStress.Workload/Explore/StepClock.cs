// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Nfs;

namespace DcacheStress.Workload.Explore;

/// <summary>
/// The NFS model's <c>jiffies</c> under explore: logical time, one microsecond per scheduling
/// step of the running execution, so that attribute-cache expiry depends on the schedule only and
/// a replay sees the same cache decisions. Steps come from the controlled scheduler.
/// </summary>
public sealed class StepClock(Func<long> steps) : NfsClock
{
    private const long Origin = 1_000_000;

    /// <inheritdoc/>
    public override long jiffies => Origin + steps() * (HZ / 1_000_000);
}
