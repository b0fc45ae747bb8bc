// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>How one controlled execution ended.</summary>
public enum ExecutionEnd
{
    /// <summary>Every task ran its program to the end.</summary>
    Completed,
    /// <summary>Every task left was waiting and none could release the others.</summary>
    Deadlock,
    /// <summary>More scheduling points than the step limit (a livelock or a very long program).</summary>
    StepLimit,
    /// <summary>A task threw an exception other than the scheduler's own abort.</summary>
    Faulted,
}
