// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>Where an invariant check comes from.</summary>
public enum InvariantKind
{
    /// <summary>A BUG_ON/WARN_ON the 4.7 kernel itself has: what crashed Drokin's machines.</summary>
    KernelBug,
    /// <summary>A check the harness adds to catch the root cause before a BUG_ON fires.</summary>
    RootCause,
    /// <summary>A self-check of the port; a hit means the port (or a patch's core change) is wrong.</summary>
    PortCheck,
}
