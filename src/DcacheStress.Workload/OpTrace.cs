// SPDX-License-Identifier: GPL-2.0-only
using System.Runtime.CompilerServices;
using DcacheStress.Kernel;

namespace DcacheStress.Workload;

/// <summary>The system call an op is issuing (an op such as `ls -R` issues many).</summary>
public enum Syscall : byte
{
    none,
    open,
    open_creat,
    opendir,
    getdents,
    lstat,
    stat,
    mkdir,
    rmdir,
    unlink,
    rename,
    link,
    symlink,
    mknod,
}

/// <summary>
/// <c>op_begin</c> trace events: before each system call of an op, its thread's trace ring gets
/// one event naming the op and the call (<c>ls_r/opendir</c>), so a crash record says which user
/// program was in which call even when the op's first events have left the 64-entry ring.
/// </summary>
public static class OpTrace
{
    /// <summary>Record that the current thread's <paramref name="op"/> now issues <paramref name="call"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Begin(OpKind op, Syscall call) =>
        task_struct.current.trace.add(TraceEvent.op_begin, 0, (int)op | ((int)call << 8));

    /// <summary>The text of an <c>op_begin</c> argument: <c>op/call</c>, or the number when out of range.</summary>
    public static string Name(int arg)
    {
        int op = arg & 0xFF, call = arg >> 8;
        if (op >= OpNames.OpCount || call < 0 || call > (int)Syscall.mknod)
            return arg.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return call == 0 ? OpNames.Name((OpKind)op) : OpNames.Name((OpKind)op) + "/" + ((Syscall)call).ToString();
    }
}
