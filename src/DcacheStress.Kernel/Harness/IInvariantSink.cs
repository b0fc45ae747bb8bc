// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>
/// Receives invariant hits as they happen, on the thread that hit them (it must not block: the
/// service forwards to a bounded channel). The dentry is live: capture what is needed at once.
/// </summary>
public interface IInvariantSink
{
    /// <summary>One hit of <paramref name="inv"/> by <paramref name="task"/> on <paramref name="d"/> (may be null).</summary>
    void OnHit(Invariant inv, dentry? d, task_struct task);
}
