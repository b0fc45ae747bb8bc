// SPDX-License-Identifier: GPL-2.0-only
// The harness's dcache consistency check ("fsck"): not a kernel function.
using DcacheStress.Kernel.Locking;

namespace DcacheStress.Kernel;

public partial class Dcache
{
    /// <summary>
    /// Walk every primary and in-lookup chain under its bucket lock and check the structure: no
    /// cycles, pprev/next consistent, hashed state matches membership, each entry in the bucket its
    /// (parent, name) selects, no dead or negative-count entry, no in-lookup dentry on a primary
    /// chain. Duplicate hashed (parent, name) pairs are listed apart (<see cref="FsckReport.Duplicates"/>):
    /// they are what a broken patch leaves, not damage to the structures. With <paramref name="quiescent"/> (no thread is inside
    /// the dcache) also: no in-lookup dentry left at all, and every parent's i_dir_seq even.
    /// </summary>
    public FsckReport fsck(bool quiescent)
    {
        var report = new FsckReport();
        long limit = Math.Max(1024, nr_dentry * 2 + 1024);
        var seen = new List<dentry>();
        for (int i = 0; i < dentry_hashtable.Length; i++)
            check_chain(new hlist_bl_head_ref(dentry_hashtable, i), i, primary: true, quiescent, limit, seen, report);
        for (int i = 0; i < in_lookup_hashtable.Length; i++)
            check_chain(new hlist_bl_head_ref(in_lookup_hashtable, i), i, primary: false, quiescent, limit, seen, report);
        return report;
    }

    private void check_chain(hlist_bl_head_ref b, int index, bool primary, bool quiescent, long limit, List<dentry> seen, FsckReport report)
    {
        // An empty bucket has nothing to check: one lockless read instead of a lock round trip
        // (most of the table is empty; explore runs a fsck after every execution, 2^12 buckets).
        // Taking the lock would also only check a snapshot of a bucket another thread may fill next.
        if (b.hlist_bl_empty())
            return;
        string table = primary ? "dentry_hashtable" : "in_lookup_hashtable";
        b.hlist_bl_lock();
        try
        {
            hlist_bl_node? prev = null; // null: the head
            int length = 0;
            seen.Clear();
            for (hlist_bl_node? node = b.hlist_bl_first(); node is not null; prev = node, node = node.next)
            {
                if (++length > limit)
                {
                    report.Error($"{table}[{index}]: chain longer than {limit} (cycle?)");
                    return;
                }
                dentry d = node.entry;
                if (prev is null ? !node.pprev_is(b) : !node.pprev_is(prev))
                    report.Error($"{table}[{index}]: {d}: pprev does not point at the previous link");
                if (primary)
                    check_primary_entry(d, b, index, quiescent, seen, report);
                else
                    check_in_lookup_entry(d, b, index, quiescent, report);
                seen.Add(d);
            }
            if (primary)
            {
                report.Hashed += length;
                report.LongestChain = Math.Max(report.LongestChain, length);
            }
            else
            {
                report.InLookup += length;
            }
        }
        finally
        {
            b.hlist_bl_unlock();
        }
    }

    private void check_primary_entry(dentry d, hlist_bl_head_ref b, int index, bool quiescent, List<dentry> seen, FsckReport report)
    {
        if (d_unhashed(d))
            report.Error($"dentry_hashtable[{index}]: {d}: on a chain but d_unhashed()");
        if (!IS_ROOT(d) && d_hash(d.d_parent, (uint)d.d_name_hash_len) != b)
            report.Error($"dentry_hashtable[{index}]: {d}: in the wrong bucket for its (parent, name)");
        if (d.d_lockref.count < 0)
            report.Error($"dentry_hashtable[{index}]: {d}: dead (count {d.d_lockref.count}) but hashed");
        if (d_in_lookup(d))
            report.Error($"dentry_hashtable[{index}]: {d}: in-lookup but hashed");
        foreach (var other in seen)
        {
            if (ReferenceEquals(other.d_parent, d.d_parent) && other.d_name_hash_len == d.d_name_hash_len
                && dentry_cmp(other, d.d_name_name) == 0)
                report.Duplicate($"dentry_hashtable[{index}]: {d} and {other}: duplicate hashed (parent, name)");
        }
        if (quiescent && ((d.d_parent.d_inode?.dir_seq ?? 0) & 1) != 0)
            report.Error($"{d.d_parent}: i_dir_seq odd after quiescence");
    }

    private void check_in_lookup_entry(dentry d, hlist_bl_head_ref b, int index, bool quiescent, FsckReport report)
    {
        if (!d_in_lookup(d))
            report.Error($"in_lookup_hashtable[{index}]: {d}: on an in-lookup chain without DCACHE_PAR_LOOKUP");
        if (in_lookup_hash(d.d_parent, (uint)d.d_name_hash_len) != b)
            report.Error($"in_lookup_hashtable[{index}]: {d}: in the wrong bucket");
        if (!d_unhashed(d))
            report.Error($"in_lookup_hashtable[{index}]: {d}: in-lookup and hashed");
        if (d.d_lockref.count < 0)
            report.Error($"in_lookup_hashtable[{index}]: {d}: dead (count {d.d_lockref.count}) but in-lookup");
        if (quiescent)
            report.Error($"in_lookup_hashtable[{index}]: {d}: still in-lookup after quiescence");
    }
}
