// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;
using DcacheStress.Workload.Explore;

namespace DcacheStress.Workload.Tests.Explore;

/// <summary>
/// Change points at race sites (<see cref="ChangePoints.Sites"/>): k counts the race-window sites,
/// sleeps, wake-ups, i_rwsem releases and each wait once, not every lock operation or every turn of
/// a retry loop; PCT and pb then put their priority changes and preemptions only there.
/// </summary>
public sealed class ChangePointTests
{
    [Fact]
    public void IsCandidate_RaceSitesWaitsAndReleasesOfSharedLocks_NotEveryLockOperation()
    {
        Assert.True(ChangePointSet.IsCandidate(SchedPoint.race_window, blocked: false));
        Assert.True(ChangePointSet.IsCandidate(SchedPoint.up, blocked: false));
        Assert.True(ChangePointSet.IsCandidate(SchedPoint.wake, blocked: false));
        Assert.True(ChangePointSet.IsCandidate(SchedPoint.d_lock, blocked: true)); // a wait
        Assert.False(ChangePointSet.IsCandidate(SchedPoint.d_lock, blocked: false));
        Assert.False(ChangePointSet.IsCandidate(SchedPoint.read_seqcount_begin, blocked: false));
        Assert.True(ChangePointSet.TryParse("all", out var all) && all == ChangePoints.All);
        Assert.False(ChangePointSet.TryParse("some", out _));
    }

    // One task runs a retry loop of three points (a lock pair and a site) that blocks each turn
    // until the other task, which holds the condition for a while, lets it go.
    private static List<Action> RetryLoop(int[] flag) =>
    [
        () =>
        {
            while (Volatile.Read(ref flag[0]) == 0)
            {
                SchedHooks.Point(SchedPoint.hlist_bl_lock);
                SchedHooks.Point(SchedPoint.race_window, (int)RaceSite.d_alloc_parallel_before_in_lookup_insert);
                SchedHooks.Point(SchedPoint.hlist_bl_unlock);
                SchedHooks.Retry();
            }
            SchedHooks.Point(SchedPoint.race_window, (int)RaceSite.lookup_open_after_revalidate); // past the wait
        },
        () =>
        {
            for (int i = 0; i < 20; i++)
                SchedHooks.Point(SchedPoint.spin_unlock); // releases: each lets the waiter retry
            Volatile.Write(ref flag[0], 1);
            SchedHooks.Point(SchedPoint.spin_unlock);
        },
    ];

    [Fact]
    public void Execute_RetryLoop_SitesCountTheWaitOnceAndTheFirstPointPastIt()
    {
        using var scheduler = new ControlledScheduler(2);
        // Priorities fixed by a one-task-first replay: the looping task starts and runs until it blocks.
        var sites = scheduler.Execute(RetryLoop([0]), ["A", "B"], new PctStrategy(3, 1, 1, ChangePoints.Sites));
        var all = scheduler.Execute(RetryLoop([0]), ["A", "B"], new PctStrategy(3, 1, 1, ChangePoints.All));
        Assert.Equal(ExecutionEnd.Completed, sites.End);
        Assert.Equal(all.Steps, all.Candidates); // all: every point
        Assert.True(sites.Steps > 20, $"{sites.Steps} steps");
        // At most: the first turn's site and its block, one for the site past the wait; never one per turn.
        Assert.InRange(sites.Candidates, 1, 3);
    }

    [Fact]
    public void Pct_AtSites_ChangesPrioritiesOnlyAtCandidatePoints()
    {
        var pct = new PctStrategy(11, 3, 5, ChangePoints.Sites);
        pct.Begin(2);
        int first = pct.Next([0, 1], -1, 0, 0, 0);
        // Not a candidate (0): whatever the step, the running task keeps the CPU.
        for (long step = 1; step <= 50; step++)
            Assert.Equal(first, pct.Next([0, 1], first, (int)step, step, 0));
        // Candidates 1..5: the two change points (k = 5) fall among them and demote the runner.
        int switched = 0, current = first;
        for (long c = 1; c <= 5; c++)
        {
            int next = pct.Next([0, 1], current, 100 + (int)c, 100 + c, c);
            if (next != current)
                switched++;
            current = next;
        }
        Assert.True(switched >= 1, "a change point among the candidates demotes the running task");
    }
}
