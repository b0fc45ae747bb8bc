// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Server;

/// <summary>The RPCs Lustre's racer adds: LINK, SYMLINK and RMDIR.</summary>
public sealed partial class NfsServer
{
    /// <summary>
    /// LINK: a new name <paramref name="name"/> in <paramref name="dirId"/> for the file
    /// <paramref name="fileId"/>. The model's server finds the source by the name the client has for
    /// it (<paramref name="srcDirId"/>/<paramref name="srcName"/>): a source that is no longer there
    /// under that name is a stale file handle (-ESTALE). The file's link count and change attribute
    /// move; <paramref name="entry"/> carries them.
    /// </summary>
    public int Link(ulong srcDirId, string srcName, ulong fileId, ulong dirId, string name, out ServerEntry entry, out change_info4 cinfo)
    {
        Rpc(NfsProc.LINK);
        entry = default;
        cinfo = default;
        var src = Dir(srcDirId);
        var d = Dir(dirId);
        if (src is null || d is null)
            return -Errno.ESTALE;
        ServerEntry source;
        lock (src.Lock)
        {
            if (!src.TryGet(srcName, out source) || source.FileId != fileId)
                return -Errno.ESTALE;
        }
        if ((source.Mode & inode.S_IFMT) == inode.S_IFDIR)
            return -Errno.EPERM;
        lock (d.Lock)
        {
            long before = d.Change;
            cinfo = new change_info4(true, before, before);
            if (d.TryGet(name, out entry))
                return -Errno.EEXIST;
            if (!_files.TryGetValue(fileId, out var f))
                return -Errno.ESTALE; // its last name went meanwhile
            lock (f)
            {
                if (f.Nlink <= 0)
                    return -Errno.ESTALE;
                f.Nlink++;
                f.Change++;
            }
            entry = source with { Name = name };
            d.Set(entry);
            entry = WithAttrs(entry);
            cinfo = new change_info4(true, before, d.Change);
            return 0;
        }
    }

    /// <summary>SYMLINK: a new symbolic link (its target is not kept: the model has no READLINK).</summary>
    public int Symlink(ulong dirId, string name, string target, out ServerEntry entry, out change_info4 cinfo)
    {
        Rpc(NfsProc.SYMLINK);
        _ = target;
        return AddNode(dirId, name, inode.S_IFLNK | 0x1FF, out entry, out cinfo);
    }

    /// <summary>RMDIR: remove an empty directory; its file handle becomes stale.</summary>
    public int Rmdir(ulong dirId, string name, out change_info4 cinfo)
    {
        Rpc(NfsProc.RMDIR);
        cinfo = default;
        var d = Dir(dirId);
        if (d is null)
            return -Errno.ESTALE;
        lock (d.Lock)
        {
            long before = d.Change;
            cinfo = new change_info4(true, before, before);
            if (!d.TryGet(name, out var e))
                return -Errno.ENOENT;
            if ((e.Mode & inode.S_IFMT) != inode.S_IFDIR)
                return -Errno.ENOTDIR;
            var victim = Dir(e.FileId);
            if (victim is not null)
            {
                // Lock order: parent, then child (no RPC holds a child's lock while taking its parent's).
                lock (victim.Lock)
                {
                    if (!victim.Empty)
                        return -Errno.ENOTEMPTY;
                    _dirs.TryRemove(e.FileId, out _);
                }
            }
            d.Remove(name);
            cinfo = new change_info4(true, before, d.Change);
            return 0;
        }
    }
}
