// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel.Tests.Semantics;

/// <summary>
/// dentry_cmp for every length from 0 to 41 bytes (around each word boundary of a word-at-a-time
/// compare and past the kernel's 32-byte inline names), equal and with each single byte changed.
/// </summary>
public sealed class DentryCmpTests
{
    private readonly super_block _sb = new(new Dcache(new DcacheOptions { DHashShift = 4, InLookupShift = 1 }));

    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (int n = 0; n <= 41; n++)
            data.Add(n);
        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void dentry_cmp_EqualName_Matches_AnyChangedByte_DoesNot(int length)
    {
        byte[] name = new byte[length];
        new Random(length).NextBytes(name);
        for (int i = 0; i < name.Length; i++)
            name[i] = (byte)(name[i] | 1); // never '\0' or '/': a valid component
        var d = new dentry(_sb, name, NameHash.hashlen_string(name));

        Assert.Equal(0, Dcache.dentry_cmp(d, (byte[])name.Clone()));
        for (int i = 0; i < length; i++)
        {
            byte[] other = (byte[])name.Clone();
            other[i] ^= 0x40;
            Assert.Equal(1, Dcache.dentry_cmp(d, other));
        }
    }
}
