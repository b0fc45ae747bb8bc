// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>
/// Thrown on a controlled task's own thread to unwind it when its execution is abandoned (a
/// deadlock, the step limit). The execution's world is thrown away with whatever it held.
/// </summary>
public sealed class ExecutionAbortedException : Exception
{
    /// <summary>Create.</summary>
    public ExecutionAbortedException()
        : base("execution aborted by the controlled scheduler")
    {
    }

    /// <summary>Create with a message.</summary>
    public ExecutionAbortedException(string message)
        : base(message)
    {
    }

    /// <summary>Create with a message and an inner exception.</summary>
    public ExecutionAbortedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
