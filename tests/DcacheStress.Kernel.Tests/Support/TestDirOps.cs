// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel.Tests.Support;

/// <summary>
/// Directory operations of the test filesystem: <c>->lookup</c> finds nothing (returns null, the
/// dentry stays as the caller made it) and the namespace-changing methods succeed without doing
/// anything; the tests drive the dcache calls themselves.
/// </summary>
internal sealed class TestDirOps : inode_operations
{
    public static TestDirOps Instance { get; } = new();

    public override dentry? lookup(inode dir, dentry dentry, uint flags) => null;

    public override int create(inode dir, dentry dentry, uint mode, bool excl) => 0;

    public override int unlink(inode dir, dentry dentry) => 0;

    public override int mkdir(inode dir, dentry dentry, uint mode) => 0;

    public override int rename(inode old_dir, dentry old_dentry, inode new_dir, dentry new_dentry) => 0;
}
