// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel.Tests.Support;

/// <summary>
/// A race schedule that holds one task (by name) the first time it reaches one race-window site,
/// until the test releases it. Every other task and site passes straight through.
/// </summary>
internal sealed class SiteGate(RaceSite site, string comm) : IRaceSchedule
{
    private readonly ManualResetEventSlim _arrived = new();
    private readonly ManualResetEventSlim _release = new();
    private int _passes;

    /// <inheritdoc/>
    public void At(RaceSite site1, task_struct task)
    {
        if (site1 != site || task.comm != comm || Interlocked.Increment(ref _passes) != 1)
            return;
        _arrived.Set();
        if (!_release.Wait(TimeSpan.FromSeconds(10)))
            throw new TimeoutException($"{comm} was never released from {RaceSites.Name(site)}");
    }

    /// <summary>Wait until the task is held at the site; false after <paramref name="timeout"/>.</summary>
    public bool WaitArrived(TimeSpan timeout) => _arrived.Wait(timeout);

    /// <summary>Let the task go on.</summary>
    public void Release() => _release.Set();
}
