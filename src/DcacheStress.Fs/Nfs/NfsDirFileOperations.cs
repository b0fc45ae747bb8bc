// SPDX-License-Identifier: GPL-2.0-only
// nfs_dir_operations, after fs/nfs/dir.c (Linux v4.7).
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Nfs;

/// <summary><c>nfs_dir_operations</c>: <c>->iterate_shared = nfs_readdir</c>.</summary>
internal sealed class NfsDirFileOperations(NfsMount mount) : file_operations
{
    public override int iterate_shared(filp file, dir_context ctx) => nfs.nfs_readdir(mount, file, ctx);
}
