// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>
/// Events counted for observability that are not bugs in 4.7 (how often a race window opens).
/// Reported apart from invariant hits; a correct patch may have many.
/// </summary>
public enum Observation
{
    atomic_open_shared_negative,
    atomic_open_switched,
    d_alloc_parallel_waited,
    lookup_fast_unlazy,
}
