// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel.Tests.Support;

/// <summary>
/// Dentry operations with a <c>->d_compare</c> in the manner of Lustre's <c>ll_dcompare</c> (4.7):
/// byte-equal names match unless the candidate is marked hidden (Lustre: <c>d_lustre_invalid</c>),
/// so a hashed dentry can be made invisible to every lookup path without unhashing it. The mark is
/// the dentry's <c>d_fsdata</c>. Counts calls.
/// </summary>
internal sealed class HidingCompareOps : dentry_operations
{
    private static readonly object s_hidden = new();
    private int _calls;

    public override bool has_d_compare => true;

    public int Calls => Volatile.Read(ref _calls);

    public static void Hide(dentry dentry) => Volatile.Write(ref dentry.d_fsdata, s_hidden);

    public static void Show(dentry dentry) => Volatile.Write(ref dentry.d_fsdata, null);

    public override int d_compare(dentry parent, dentry dentry, uint len, ReadOnlySpan<byte> str, in qstr name)
    {
        Interlocked.Increment(ref _calls);
        if (len != name.len || str.Length < len || !str[..(int)len].SequenceEqual(name.name))
            return 1;
        return ReferenceEquals(Volatile.Read(ref dentry.d_fsdata), s_hidden) ? 1 : 0;
    }
}
