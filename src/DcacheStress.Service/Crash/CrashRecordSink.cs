// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Workload;

namespace DcacheStress.Service.Crash;

/// <summary>
/// The crash records of a run: the engine's hit listener (<see cref="CrashRecorder"/>, on the
/// hitting workers) feeding the writer (<see cref="CrashRecordWriter"/>, on a pool thread) through
/// the bounded channel, from the start of the run until <see cref="CompleteAsync"/>.
/// </summary>
public sealed class CrashRecordSink
{
    private readonly Task _writing;

    /// <summary>Listen to <paramref name="engine"/>'s hits; write into <paramref name="dir"/>, each record carrying <paramref name="run"/> (the run identity).</summary>
    public CrashRecordSink(StressEngine engine, string dir, bool continueNumbering, IReadOnlyDictionary<string, object?>? run = null)
    {
        Recorder = new CrashRecorder(engine);
        Writer = new CrashRecordWriter(dir, run);
        if (continueNumbering)
            Writer.ContinueNumbering();
        _writing = Task.Run(() => Writer.RunAsync(Recorder.Reader), CancellationToken.None);
    }

    /// <summary>The hit listener.</summary>
    public CrashRecorder Recorder { get; }

    /// <summary>The writer (files, summaries, errors).</summary>
    public CrashRecordWriter Writer { get; }

    /// <summary>No more records: wait up to <paramref name="timeout"/> for the writer to drain the channel.</summary>
    public async Task CompleteAsync(TimeSpan timeout)
    {
        Recorder.Complete();
        await Task.WhenAny(_writing, Task.Delay(timeout, CancellationToken.None)).ConfigureAwait(false);
    }
}
