// SPDX-License-Identifier: GPL-2.0-only
using System.Runtime.CompilerServices;
using DcacheStress.Bench.Baselines;
using DcacheStress.Kernel;

namespace DcacheStress.Bench.Support;

/// <summary>
/// The dcache part of an RCU-walk, without the VFS and filesystem around it: per component
/// <c>hash_name</c>, <c>__d_lookup_rcu</c>, the speculative type load and the two d_seq checks of
/// <c>lookup_fast</c> (child, then parent), stepping on with no reference taken. A failed check
/// restarts the walk (where the kernel would fall back to ref-walk) and is counted as a seqcount
/// retry. No <c>d_revalidate</c>, no reference on the last dentry: the same work per component as
/// the baseline maps do, so the three can be compared as data structures.
/// </summary>
internal static class RcuWalk
{
    /// <summary>
    /// Walk <paramref name="path"/> from <paramref name="root"/>; with <paramref name="parentOnly"/>
    /// stop before the last component and report its position. Returns the dentry reached, or null
    /// when a component is not cached or is negative.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static dentry? Walk(Dcache dc, dentry root, ReadOnlySpan<byte> path, bool parentOnly,
        ref long lookups, ref long retries, out int lastStart, out int lastLen)
    {
    restart:
        lastStart = lastLen = 0;
        dentry parent = root;
        uint parentSeq = root.d_seq.__read_seqcount_begin(); // path_init in RCU mode
        int pos = 0;
        while (PathSplit.Next(path, ref pos, out int start, out int len))
        {
            if (parentOnly && PathSplit.AtEnd(path, pos))
            {
                lastStart = start;
                lastLen = len;
                return parent;
            }
            ReadOnlySpan<byte> name = path.Slice(start, len);
            lookups++;
            dentry? d = dc.__d_lookup_rcu(parent, new qstr(name, NameHash.hashlen_string(name)), out uint seq);
            if (d is null)
                return null;
            bool negative = Dcache.d_is_negative(d);
            // lookup_fast: the child's d_seq (read_seqcount_retry: smp_rmb + re-read), then the
            // parent's (the child's check already ordered the loads).
            if (d.d_seq.read_seqcount_retry(seq) || parent.d_seq.__read_seqcount_retry(parentSeq))
            {
                retries++;
                goto restart;
            }
            if (negative)
                return null;
            parent = d;
            parentSeq = seq;
        }
        return parentOnly ? null : parent;
    }
}
