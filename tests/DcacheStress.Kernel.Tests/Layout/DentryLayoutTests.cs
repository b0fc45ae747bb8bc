// SPDX-License-Identifier: GPL-2.0-only
using System.Runtime.CompilerServices;
using DcacheStress.Kernel.Locking;
using DcacheStress.Kernel.Tests.Support;

namespace DcacheStress.Kernel.Tests.Layout;

/// <summary>
/// The RCU-walk fields of a dentry must sit together (as in the kernel's first cache line of
/// struct dentry) and the lockref, written by every dget/dput, must never share a cache line with
/// them: the runtime's own field ordering put them three lines apart before dentry_cold existed.
/// </summary>
public sealed class DentryLayoutTests
{
    private const int CacheLine = 64;

    /// <summary>Offset of <paramref name="field"/> from the dentry's <c>d_hash.next</c> (may be negative).</summary>
    private static long Offset<T>(dentry d, ref T field) =>
        (long)Unsafe.ByteOffset(ref Unsafe.As<hlist_bl_node?, byte>(ref d.next), ref Unsafe.As<T, byte>(ref field));

    private static (string name, long offset, int size)[] HotFields(dentry d) =>
    [
        ("d_hash.next", Offset(d, ref d.next), IntPtr.Size),
        ("d_hash.pprev", Offset(d, ref d.pprev), IntPtr.Size),
        ("d_flags", Offset(d, ref d.d_flags), sizeof(uint)),
        ("d_seq", Offset(d, ref d.d_seq), sizeof(uint)),
        ("d_parent", Offset(d, ref d.d_parent), IntPtr.Size),
        ("d_name_hash_len", Offset(d, ref d.d_name_hash_len), sizeof(ulong)),
        ("d_name_name", Offset(d, ref d.d_name_name), IntPtr.Size),
        ("d_inode", Offset(d, ref d.d_inode), IntPtr.Size),
        ("d_salt", Offset(d, ref Unsafe.AsRef(in d.d_salt)), sizeof(uint)),
    ];

    [Fact]
    public void RcuWalkFields_FitInOneCacheLineSpan()
    {
        var fs = new TestFs();
        var fields = HotFields(fs.Root);
        long first = fields.Min(f => f.offset);
        long end = fields.Max(f => f.offset + f.size);
        Assert.True(end - first <= CacheLine,
            $"RCU-walk fields span {end - first} bytes: " + string.Join(", ", fields.Select(f => $"{f.name}@{f.offset}")));
    }

    [Fact]
    public void Lockref_NeverSharesACacheLineWithRcuWalkFields()
    {
        var fs = new TestFs();
        dentry d = fs.Root;
        var fields = HotFields(d);
        long lastHotByte = fields.Max(f => f.offset + f.size) - 1;
        long lockref = Offset(d, ref d.d_lockref);
        Assert.True(lockref - lastHotByte >= CacheLine || fields.All(f => f.offset - (lockref + sizeof(long) - 1) >= CacheLine),
            $"d_lockref@{lockref} is within a cache line of the RCU-walk fields (last byte @{lastHotByte})");
    }
}
