// SPDX-License-Identifier: GPL-2.0-only
// nfs4_file_operations, after fs/nfs/nfs4file.c (Linux v4.7).
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Nfs;

/// <summary><c>nfs4_file_operations</c>: <c>->open = nfs4_file_open</c>.</summary>
internal sealed class NfsFileOperations : file_operations
{
    public override int iterate_shared(filp file, dir_context ctx) => -Errno.ENOTDIR;

    public override int open(inode inode, filp file) => nfs.nfs4_file_open(inode, file);
}
