// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Workload;

/// <summary>
/// Told about every invariant hit, on the hitting thread (must not block: forward to a bounded
/// channel). <paramref name="activeSeconds"/> is the patch's active time at the hit.
/// </summary>
public interface IHitListener
{
    /// <summary>One hit.</summary>
    void OnHit(PatchTarget target, Invariant inv, dentry? d, task_struct task, double activeSeconds);

    /// <summary>One hit, with what it means for the target's boot (<see cref="CrashAccounting"/>) and that boot's index.</summary>
    void OnHit(PatchTarget target, Invariant inv, dentry? d, task_struct task, double activeSeconds, HitClass hitClass, int boot) =>
        OnHit(target, inv, d, task, activeSeconds);
}
