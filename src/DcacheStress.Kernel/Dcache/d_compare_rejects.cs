// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel;

/// <summary>
/// Harness only (no kernel counterpart): the in-lookup candidates that the parent's
/// <c>->d_compare</c> rejected during one scan of <c>d_alloc_parallel</c>, handed to
/// <see cref="Dcache.d_in_lookup_hash_add"/> so that its <c>in_lookup.duplicate</c> check judges the
/// scan by the answers the scan got. Nothing is recorded for a parent without <c>->d_compare</c>
/// (a byte compare cannot change its answer under the bucket lock). The first rejection lives in a
/// field; a list is allocated only for a second one (several parallel lookups of one Lustre name).
/// </summary>
public struct d_compare_rejects
{
    private dentry? _first;
    private List<dentry>? _more;

    /// <summary>Record <paramref name="candidate"/> if <paramref name="parent"/>'s <c>->d_compare</c> made the decision.</summary>
    public void note(dentry candidate, dentry parent)
    {
        if ((parent.d_flags & DcacheFlags.DCACHE_OP_COMPARE) == 0)
            return;
        if (_first is null)
            _first = candidate;
        else
            (_more ??= []).Add(candidate);
    }

    /// <summary>True when this scan's <c>->d_compare</c> rejected <paramref name="candidate"/>.</summary>
    public readonly bool contains(dentry candidate) =>
        ReferenceEquals(_first, candidate) || (_more is not null && _more.Contains(candidate));
}
