// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Fs.Server;

/// <summary>One name in a server directory: the file it names (file id = NFS file handle).</summary>
public readonly record struct ServerEntry(string Name, ulong FileId, uint Mode);
