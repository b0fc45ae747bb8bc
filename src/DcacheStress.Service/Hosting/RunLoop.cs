// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Service.Hosting;

/// <summary>
/// The loop stage: runs the engine on its controller thread, ticks every observer until the
/// engine is done or a stop is requested, then parks the workers and names the end.
/// </summary>
public static class RunLoop
{
    /// <summary>How often the observers (progress, timeline, checkpoints, soak) are ticked.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Run <paramref name="run"/>'s engine until its end or <paramref name="stoppingToken"/>.</summary>
    public static async Task<RunEnd> RunAsync(StressRun run, CancellationToken stoppingToken)
    {
        Task engineDone = StartController(run);
        run.State.SetPhase(RunPhase.Running);

        string reason = "duration";
        while (!engineDone.IsCompleted)
        {
            try
            {
                await Task.WhenAny(engineDone, Task.Delay(TickInterval, stoppingToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stop requested: handled below.
            }
            if (stoppingToken.IsCancellationRequested)
            {
                reason = "signal";
                break;
            }
            if (engineDone.IsCompleted)
                break;
            foreach (IRunObserver o in run.Observers)
                o.Tick();
        }

        bool parked = true;
        if (!engineDone.IsCompleted)
        {
            run.Engine.RequestStop();
            // A round switch waits up to StopTimeout for workers to park; give it that and a margin.
            Task margin = Task.Delay(run.Engine.Options.StopTimeout + TimeSpan.FromSeconds(1), CancellationToken.None);
            parked = await Task.WhenAny(engineDone, margin).ConfigureAwait(false) == engineDone;
        }
        if (engineDone.IsFaulted)
            throw engineDone.Exception!.InnerException!;
        int unstoppable = run.Engine.UnstoppableThreads;
        if (reason == "duration" && run.Engine.Targets.Any(t => t.Dcache.bug.StopRequested))
            reason = "first-hit";
        else if (reason == "duration" && run.Engine.Options.StopOnFirstCrash && run.Engine.Targets.Any(t => t.Crash.Totals(t.TotalOps, lists: false).Crashes > 0))
            reason = "first-crash";
        else if (reason == "duration" && run.Engine.StopRequested)
            reason = "stopped";
        else if (reason == "duration" && (!parked || unstoppable > 0))
            reason = "stuck-workers";
        return new RunEnd(reason, parked, unstoppable);
    }

    /// <summary>The engine's controller on its own dedicated thread; the task completes when it returns.</summary>
    private static Task StartController(StressRun run)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var controller = new Thread(() =>
        {
            try
            {
                run.Engine.Run();
                done.TrySetResult();
            }
#pragma warning disable CA1031 // handed to the service thread
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.TrySetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "stress-controller",
        };
        controller.Start();
        return done.Task;
    }
}
