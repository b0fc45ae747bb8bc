// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Fs.Server;

/// <summary>
/// A directory on the in-memory server: names → entries under the server's own lock, and a
/// change attribute that moves on every modification (what NFSv4 clients compare).
/// </summary>
internal sealed class ServerDir
{
    private readonly Dictionary<string, ServerEntry> _entries = new(StringComparer.Ordinal);

    public ulong FileId { get; }

    /// <summary>The NFSv4 change attribute.</summary>
    public long Change;

    // Change attributes start at fileId << 32, so no two directories ever report the same value: a
    // directory made again under an old name cannot validate the old one's cached negatives by
    // accident (a real server's change attribute, ctime or a counter, does not repeat either).
    public ServerDir(ulong fileId)
    {
        FileId = fileId;
        Change = (long)fileId << 32;
    }

    /// <summary>No entries left (RMDIR's ENOTEMPTY check).</summary>
    public bool Empty => _entries.Count == 0;

    public object Lock => _entries;

    public bool TryGet(string name, out ServerEntry entry) => _entries.TryGetValue(name, out entry);

    public void Set(ServerEntry entry)
    {
        _entries[entry.Name] = entry;
        Change++;
    }

    public bool Remove(string name)
    {
        if (!_entries.Remove(name))
            return false;
        Change++;
        return true;
    }

    public ServerEntry[] Snapshot() => [.. _entries.Values];
}
