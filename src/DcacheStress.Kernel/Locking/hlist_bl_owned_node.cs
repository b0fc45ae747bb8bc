// SPDX-License-Identifier: GPL-2.0-only
// A struct hlist_bl_node embedded in a dentry away from its start (Linux v4.7 d_u.d_in_lookup_hash).
namespace DcacheStress.Kernel.Locking;

/// <summary>
/// An <see cref="hlist_bl_node"/> that is a member of a dentry other than <c>d_hash</c>
/// (<c>d_u.d_in_lookup_hash</c>): a separate object that remembers its dentry, because
/// <c>container_of</c> cannot subtract an offset from a managed reference.
/// </summary>
public sealed class hlist_bl_owned_node : hlist_bl_node
{
    /// <summary>The dentry the node is a member of.</summary>
    internal readonly dentry owner;

    /// <summary>A node member of <paramref name="owner"/>.</summary>
    internal hlist_bl_owned_node(dentry owner) => this.owner = owner;
}
