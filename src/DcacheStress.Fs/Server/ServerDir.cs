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

    public ServerDir(ulong fileId) => FileId = fileId;

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
