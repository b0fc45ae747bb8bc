// SPDX-License-Identifier: GPL-2.0-only
using System.Collections.Concurrent;

namespace DcacheStress.Kernel.Tests.Support;

/// <summary>
/// A group of dedicated background <see cref="Thread"/>s (not the thread pool) that start
/// together, each with its own <c>current</c> task, and that can be joined with a timeout so a
/// stuck thread is reported instead of hanging the test run. Exceptions are collected.
/// </summary>
internal sealed class TestThreads
{
    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim _go = new(false);
    private readonly ConcurrentQueue<Exception> _errors = new();

    private TestThreads(int count, string prefix, ulong seed, Action<int> body)
    {
        _threads = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            int index = i;
            string name = prefix + index;
            _threads[i] = new Thread(() =>
            {
                task_struct.set_current_task(new task_struct(name, seed + (ulong)index * 0x9E3779B97F4A7C15UL + 1));
                _go.Wait();
                try
                {
                    body(index);
                }
                catch (Exception e)
                {
                    _errors.Enqueue(new InvalidOperationException($"thread {name} failed: {e.Message}", e));
                }
            })
            {
                IsBackground = true, // a stuck thread must never keep the test process alive
                Name = name,
            };
            _threads[i].Start();
        }
    }

    /// <summary>Start <paramref name="count"/> threads running <paramref name="body"/>(index), released at once.</summary>
    public static TestThreads Start(int count, string prefix, Action<int> body, ulong seed = 42)
    {
        var t = new TestThreads(count, prefix, seed, body);
        t._go.Set();
        return t;
    }

    /// <summary>Join all; returns the names of the threads still running after <paramref name="timeout"/>.</summary>
    public IReadOnlyList<string> Join(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var stuck = new List<string>();
        foreach (var t in _threads)
        {
            var left = deadline - DateTime.UtcNow;
            if (!t.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero))
                stuck.Add(t.Name!);
        }
        return stuck;
    }

    /// <summary>Join all and fail the test if any thread is stuck or threw.</summary>
    public void JoinAndAssert(TimeSpan timeout)
    {
        var stuck = Join(timeout);
        Assert.True(stuck.Count == 0, $"threads still running after {timeout}: {string.Join(", ", stuck)}");
        AssertNoErrors();
    }

    public void AssertNoErrors()
    {
        if (!_errors.IsEmpty)
            throw new AggregateException(_errors);
    }

    /// <summary>Run <paramref name="body"/> on one background thread; join it with a timeout.</summary>
    public static bool RunOne(Action body, TimeSpan timeout, string name = "solo")
    {
        var t = Start(1, name, _ => body());
        bool done = t.Join(timeout).Count == 0;
        t.AssertNoErrors();
        return done;
    }

    /// <summary>Spin until <paramref name="condition"/> holds or <paramref name="timeout"/> passes.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(1);
        }
        return true;
    }
}
