// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload;

/// <summary>
/// A worker that made no progress for the watchdog's timeout: who, where, its last events, and
/// what the filesystem's own threads and server waits were doing then (<see cref="FsState"/>).
/// </summary>
public sealed record WatchdogReport(
    int Worker,
    string Comm,
    string Patch,
    string? Wchan,
    double StuckSeconds,
    IReadOnlyList<string> LastEvents,
    IReadOnlyList<string> FsState);
