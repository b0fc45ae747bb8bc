// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Service.Hosting;

/// <summary>
/// One concern that watches a running engine from the service thread (the timeline, the
/// checkpoints, the soak samples, the progress output). The loop stage calls <see cref="Tick"/>
/// every <see cref="RunLoop.TickInterval"/> while the workers run; the finish stage calls
/// <see cref="Final"/> once, after the workers are parked (or given up on), in registration order.
/// Each reads the engine itself, as the instrumentation does at scrape time.
/// </summary>
public interface IRunObserver
{
    /// <summary>A tick of the run loop (the workers are running).</summary>
    void Tick();

    /// <summary>The run is over (<paramref name="end"/>): take the last sample, clear the line, ...</summary>
    void Final(RunEnd end);
}

/// <summary>How the loop ended.</summary>
/// <param name="Reason">duration, signal, first-hit, first-crash, stopped or stuck-workers (report.json end_reason).</param>
/// <param name="Parked">True when the controller returned (every worker parked or given up on).</param>
/// <param name="UnstoppableThreads">Workers that could not be parked.</param>
public sealed record RunEnd(string Reason, bool Parked, int UnstoppableThreads)
{
    /// <summary>Every worker parked: the figures are final and the fsck ran on a still dcache.</summary>
    public bool Quiescent => Parked && UnstoppableThreads == 0;

    /// <summary>The run reached its planned end (a checkpoint of it needs a longer --duration to resume).</summary>
    public bool Complete => Quiescent && Reason is "duration" or "first-hit" or "first-crash";
}
