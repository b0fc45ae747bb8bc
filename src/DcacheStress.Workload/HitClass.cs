// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload;

/// <summary>What one invariant hit means for its target's boot (<see cref="CrashAccounting"/>).</summary>
public enum HitClass
{
    /// <summary>The boot's first kernel-BUG-class hit: the kernel would have oopsed here.</summary>
    Crash,
    /// <summary>A root-cause check in a boot that has not crashed.</summary>
    RootCause,
    /// <summary>A port self-check in a boot that has not crashed.</summary>
    PortCheck,
    /// <summary>Any hit in a boot that already crashed: a possible consequence, kept out of the rates.</summary>
    AfterCrash,
}
