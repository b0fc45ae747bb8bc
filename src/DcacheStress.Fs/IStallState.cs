// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Fs;

/// <summary>
/// A server or mount that can say, for a watchdog's stall record, what its own kernel threads and
/// sleeping server requests are doing (the watchdog watches only the workers). Read racily, from
/// the watchdog's thread, while the run is stuck: each line is a best-effort snapshot.
/// </summary>
public interface IStallState
{
    /// <summary>Append one line per thread, wait or held object worth knowing about.</summary>
    void AddStallState(List<string> lines, long originTicks);
}
