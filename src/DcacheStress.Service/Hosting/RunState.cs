// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Configuration;
using DcacheStress.Service.Reporting;

namespace DcacheStress.Service.Hosting;

/// <summary>
/// Where a stress run stands, shared by the hosted service, the signal handler (a second Ctrl-C
/// says what was not written) and the command line (exit code).
/// </summary>
public sealed class RunState
{
    private readonly TaskCompletionSource<int> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string?> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly List<string> _pending = [];
    private volatile RunPhase _phase = RunPhase.NotStarted;

    /// <summary>The run's settings.</summary>
    public StressRunSettings Settings { get; }

    /// <summary>State for a run with <paramref name="settings"/>.</summary>
    public RunState(StressRunSettings settings) => Settings = settings;

    /// <summary>The phase.</summary>
    public RunPhase Phase => _phase;

    /// <summary>The exit code, once the run is over (0: it ran, whatever it found).</summary>
    public Task<int> Finished => _finished.Task;

    /// <summary>The scrape URL once the metrics endpoint listens (null: no endpoint).</summary>
    public Task<string?> Listening => _listening.Task;

    /// <summary>The summary of the finished run (null until then, or if it never ran).</summary>
    public RunSummary? Summary { get; private set; }

    /// <summary>Files written by the run.</summary>
    public IReadOnlyList<string> Written { get; private set; } = [];

    internal void SetListening(string? url) => _listening.TrySetResult(url);

    /// <summary>The last checkpoint on disk: path, when written, run seconds it covers (null: none yet).</summary>
    public (string Path, DateTimeOffset WrittenUtc, double RunSeconds)? LastCheckpoint { get; private set; }

    internal void SetCheckpoint(string path, DateTimeOffset writtenUtc, double runSeconds)
    {
        lock (_lock)
            LastCheckpoint = (path, writtenUtc, runSeconds);
    }

    internal void SetPhase(RunPhase phase) => _phase = phase;

    internal void SetPending(IEnumerable<string> items)
    {
        lock (_lock)
        {
            _pending.Clear();
            _pending.AddRange(items);
        }
    }

    internal void Done(string item)
    {
        lock (_lock)
            _pending.Remove(item);
    }

    /// <summary>What a run stopped now would leave unwritten.</summary>
    public IReadOnlyList<string> Pending
    {
        get
        {
            lock (_lock)
                return [.. _pending];
        }
    }

    internal void Finish(int exitCode, RunSummary? summary, IReadOnlyList<string> written)
    {
        Summary = summary;
        Written = written;
        _phase = RunPhase.Done;
        _listening.TrySetResult(null);
        _finished.TrySetResult(exitCode);
    }
}

/// <summary>Phases of a run.</summary>
public enum RunPhase
{
    /// <summary>Host starting; nothing written.</summary>
    NotStarted,

    /// <summary>Workers running.</summary>
    Running,

    /// <summary>Workers parked; fsck and reports being written.</summary>
    Finishing,

    /// <summary>Over.</summary>
    Done,
}
