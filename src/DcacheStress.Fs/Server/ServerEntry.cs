// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Fs.Server;

/// <summary>
/// One name in a server directory: the file it names (file id = NFS file handle). Replies that
/// carry attributes (LOOKUP, OPEN, READDIRPLUS, GETATTR) fill <see cref="Change"/> and
/// <see cref="Nlink"/> as the server had them when it answered.
/// </summary>
public readonly record struct ServerEntry(string Name, ulong FileId, uint Mode)
{
    /// <summary>The NFSv4 change attribute of the file (0 when the reply carried none).</summary>
    public long Change { get; init; }

    /// <summary>The link count (0 when the reply carried none).</summary>
    public int Nlink { get; init; }
}

/// <summary>
/// NFSv4 <c>change_info4</c>: a directory's change attribute before and after a modifying
/// operation, and whether the two were taken atomically with it (the model's server always is).
/// </summary>
public readonly record struct change_info4(bool atomic, long before, long after);

/// <summary>A non-directory file on the server: link count and change attribute (under its own lock).</summary>
internal sealed class ServerFile(uint mode)
{
    public readonly uint Mode = mode;
    public int Nlink = 1;
    public long Change = 1;
}
