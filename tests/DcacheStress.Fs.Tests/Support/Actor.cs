// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Concurrent;
using DcacheStress.Kernel;

namespace DcacheStress.Fs.Tests.Support;

/// <summary>
/// A dedicated background thread with its own <c>current</c> task that runs the steps posted to it,
/// in order. A test drives two or more of them to put real threads exactly where it wants them
/// (e.g. one holding an in-lookup dentry while another calls <c>d_alloc_parallel</c>), and waits on
/// a step's completion with a generous time limit instead of a fixed sleep.
/// </summary>
internal sealed class Actor : IDisposable
{
    /// <summary>How long a test waits for a step that must finish.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly BlockingCollection<Action> _steps = [];
    private readonly Thread _thread;

    public Actor(string name)
    {
        _thread = new Thread(() =>
        {
            task_struct.set_current_task(new task_struct(name, 7));
            foreach (var step in _steps.GetConsumingEnumerable())
                step();
        })
        { IsBackground = true, Name = name }; // a stuck actor must never keep the test process alive
        _thread.Start();
    }

    /// <summary>Post <paramref name="step"/>; the task completes with its result (or exception).</summary>
    public Task<T> Post<T>(Func<T> step)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _steps.Add(() =>
        {
            try
            {
                tcs.SetResult(step());
            }
            catch (Exception e)
            {
                tcs.SetException(e);
            }
        });
        return tcs.Task;
    }

    /// <summary>Run <paramref name="step"/> on the actor and wait for it (it must finish within <see cref="Patience"/>).</summary>
    public T Run<T>(Func<T> step) => Await(Post(step));

    /// <summary>Run <paramref name="step"/> on the actor and wait for it.</summary>
    public void Run(Action step) => Run(() =>
    {
        step();
        return 0;
    });

    /// <summary>Wait for a posted step, failing the test if it does not finish in time.</summary>
    public static T Await<T>(Task<T> pending)
    {
        Assert.True(pending.Wait(Patience), $"a step did not finish within {Patience.TotalSeconds:0} s");
        return pending.Result;
    }

    /// <summary>Poll <paramref name="condition"/> until it holds or <see cref="Patience"/> runs out.</summary>
    public static bool Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(1);
        }
        return true;
    }

    public void Dispose() => _steps.CompleteAdding();
}
