// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using DcacheStress.Service.Terminal;
using DcacheStress.Workload;

namespace DcacheStress.Service.Hosting;

/// <summary>
/// checkpoint.json of a run (issue 9): written at the start, every <c>--checkpoint-interval</c>
/// and once at the end. A write that fails is reported once per distinct error; the run goes on.
/// </summary>
public sealed class CheckpointKeeper : IRunObserver
{
    private readonly StressEngine _engine;
    private readonly RunState _state;
    private readonly RunConsole _console;
    private readonly HashSet<string> _errors = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();

    /// <summary>Checkpoints of <paramref name="engine"/> into the run's report directory.</summary>
    public CheckpointKeeper(StressEngine engine, RunState state, RunConsole console)
    {
        _engine = engine;
        _state = state;
        _console = console;
    }

    /// <summary>The end-of-run checkpoint, once written (null: not written).</summary>
    public string? FinalFile { get; private set; }

    /// <summary>Write a checkpoint now; its path, or null when it could not be written.</summary>
    public string? Save(bool complete, string? reason)
    {
        _clock.Restart();
        string dir = _state.Settings.ReportDir;
        try
        {
            RunCheckpoint cp = RunCheckpoint.Take(_engine, _state.Settings, complete, reason);
            string path = RunCheckpoint.Save(cp, dir);
            _state.SetCheckpoint(path, cp.WrittenUtc, cp.Engine.ElapsedSeconds);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (_errors.Add(e.Message))
                _console.Error($"error: checkpoint not written into {dir}: {e.Message}");
            return null;
        }
    }

    /// <inheritdoc/>
    public void Tick()
    {
        if (_clock.Elapsed >= _state.Settings.CheckpointInterval)
            Save(complete: false, reason: null);
    }

    /// <summary>
    /// The final checkpoint: a run stopped by a signal (or by stuck workers) can be resumed to its
    /// duration; one that reached its end needs a longer --duration.
    /// </summary>
    public void Final(RunEnd end)
    {
        FinalFile = Save(end.Complete, end.Reason);
        if (FinalFile is not null)
            _state.Done(FinalFile);
    }
}
