// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Kernel.Tests.Harness;

/// <summary>
/// The race-window accounting (which delays precede a hit) and the feedback-weighted policy's
/// per-round update. Single-threaded: the "other worker" is a second task_struct made current on
/// the test thread in turn.
/// </summary>
public sealed class RaceWindowFeedbackTests
{
    private const RaceSite Good = RaceSite.d_alloc_parallel_before_in_lookup_insert;
    private const RaceSite Idle = RaceSite.d_splice_alias_before_d_add;
    private const RaceSite Other = RaceSite.d_add_before_rehash;

    /// <summary>Every visit delays, by the shortest spin (deterministic, and fast).</summary>
    private static RaceWindowPolicy Always(RaceWindowFeedback? feedback) => new()
    {
        Probability = 1, MaxSpin = 1, YieldShare = 0, Sleep0Share = 0, StallShare = 0, Feedback = feedback,
    };

    /// <summary>
    /// Each of <paramref name="rounds"/> rounds: the task visits <see cref="Idle"/> ten times in
    /// one system call, then <see cref="Good"/> in the next and hits; the round ends.
    /// </summary>
    private static void PlayRounds(RaceWindows race, task_struct task, int rounds)
    {
        task_struct.set_current_task(task);
        for (int r = 0; r < rounds; r++)
        {
            task.trace.add(TraceEvent.op_begin, 0, 0);
            for (int i = 0; i < 10; i++)
                race.Hit(Idle); // below probability 1 not every visit delays: ten visits a round
            task.trace.add(TraceEvent.op_begin, 0, 0);
            race.Hit(Good);
            race.AttributeHit(task, [task], crash: false);
            race.EndRound();
        }
    }

    [Fact]
    public void Update_SiteThatPrecedesHits_GainsAndSiteThatDoesNot_DecaysToTheFloor()
    {
        var feedback = RaceWindowFeedback.Default;
        double[] p = [0.5, 0.5, 0.5];
        for (int round = 0; round < 20; round++)
            Assert.True(feedback.Update(p, [100, 100, 0], [10, 0, 0]));

        Assert.Equal(feedback.Cap, p[0]);
        Assert.Equal(feedback.Floor, p[1]);
        Assert.Equal(0.5, p[2]); // no delay there: no information, unchanged
    }

    [Fact]
    public void Update_SitesAtTheMeanRate_KeepTheirProbability()
    {
        double[] p = [0.5, 0.3];
        Assert.True(RaceWindowFeedback.Default.Update(p, [100, 200], [5, 10]));
        Assert.Equal(0.5, p[0], 12);
        Assert.Equal(0.3, p[1], 12);
    }

    [Fact]
    public void Update_RarelyVisitedSiteWithoutHit_BarelyMovesAndGainsOnItsFirstHit()
    {
        // Two delays at a mean rate of 1 %: zero hits was the likely outcome, so it says little.
        double[] p = [0.5, 0.5];
        Assert.True(RaceWindowFeedback.Default.Update(p, [1000, 2], [10, 0]));
        Assert.InRange(p[1], 0.49, 0.5);

        Assert.True(RaceWindowFeedback.Default.Update(p, [1000, 2], [10, 1]));
        Assert.True(p[1] > 0.7, $"p = {p[1]}");
    }

    [Fact]
    public void Update_RoundWithoutHits_ChangesNothing()
    {
        double[] p = [0.5, 0.2];
        Assert.False(RaceWindowFeedback.Default.Update(p, [100, 100], [0, 0]));
        Assert.Equal([0.5, 0.2], p);
    }

    [Fact]
    public void Feedback_HitsAfterOneSitesDelays_MoveThatSiteUpAndTheOtherToTheFloor()
    {
        var race = new RaceWindows();
        race.SetPolicy(Always(RaceWindowFeedback.Default));
        var task = new task_struct("w0", 1);

        PlayRounds(race, task, 30);

        // Fails with feedback off: both sites would stay at the policy's probability.
        Assert.Equal(RaceWindowFeedback.Default.Cap, race.Probability(Good));
        Assert.Equal(RaceWindowFeedback.Default.Floor, race.Probability(Idle));
    }

    [Fact]
    public void Uniform_SameHits_EverySiteStaysAtThePolicysProbability()
    {
        var race = new RaceWindows();
        race.SetPolicy(Always(null));
        var task = new task_struct("w0", 1);

        PlayRounds(race, task, 12);

        Assert.All(RaceSites.All, s => Assert.Equal(1.0, race.Probability(s)));
        var stats = race.SiteStats();
        Assert.Equal(12, stats[(int)Good].Delays);
        Assert.Equal(12, stats[(int)Good].HitsPreceded);
        Assert.Equal(120, stats[(int)Idle].Delays);
        Assert.Equal(0, stats[(int)Idle].HitsPreceded); // its delays were in an earlier system call
    }

    [Fact]
    public void AttributeHit_OtherWorkersDelaySinceTheHittersSystemCall_CountsAsAnyNotOwn()
    {
        var race = new RaceWindows();
        race.SetPolicy(Always(null));
        var hitter = new task_struct("w0", 1);
        var other = new task_struct("w1", 2);
        task_struct.set_current_task(other);
        race.Hit(Idle); // before the hitter's system call began: not credited
        task_struct.set_current_task(hitter);
        hitter.trace.add(TraceEvent.op_begin, 0, 0);
        race.Hit(Good);
        task_struct.set_current_task(other);
        race.Hit(Other);
        task_struct.set_current_task(hitter);

        race.AttributeHit(hitter, [hitter, other], crash: true);

        var s = race.SiteStats();
        Assert.Equal((1, 1, 1), (s[(int)Good].HitsPrecededOwn, s[(int)Good].HitsPreceded, s[(int)Good].CrashesPreceded));
        Assert.Equal((0, 1, 1), (s[(int)Other].HitsPrecededOwn, s[(int)Other].HitsPreceded, s[(int)Other].CrashesPreceded));
        Assert.Equal((0, 0), (s[(int)Idle].HitsPrecededOwn, s[(int)Idle].HitsPreceded));
        Assert.Equal(1, race.AttributedHits);
        Assert.Equal(1, race.AttributedCrashes);
        Assert.True(s[(int)Good].DelaySeconds > 0);
    }

    /// <summary>
    /// Each round: the hitter visits <see cref="Good"/> and the other worker <see cref="Other"/>
    /// ten times each, both within the hitter's system call; then the hit and the round end.
    /// </summary>
    private static RaceWindows OtherWorkerRounds(bool ownThread, int rounds)
    {
        var race = new RaceWindows();
        race.SetPolicy(Always(RaceWindowFeedback.Default with { OwnThread = ownThread }));
        var hitter = new task_struct("w0", 1);
        var other = new task_struct("w1", 2);
        for (int r = 0; r < rounds; r++)
        {
            task_struct.set_current_task(hitter);
            hitter.trace.add(TraceEvent.op_begin, 0, 0);
            for (int i = 0; i < 10; i++)
                race.Hit(Good);
            task_struct.set_current_task(other);
            for (int i = 0; i < 10; i++)
                race.Hit(Other);
            task_struct.set_current_task(hitter);
            race.AttributeHit(hitter, [hitter, other], crash: false);
            race.EndRound();
        }
        return race;
    }

    [Fact]
    public void FeedbackOwnThread_SiteDelayedOnlyByAnotherWorker_DecaysWhileTheHittersSiteGains()
    {
        var race = OtherWorkerRounds(ownThread: true, rounds: 20);

        Assert.True(race.Probability(Other) < 0.2, $"p = {race.Probability(Other)}");
        Assert.Equal(RaceWindowFeedback.Default.Cap, race.Probability(Good));
    }

    [Fact]
    public void FeedbackAnyWorker_SameRounds_TheOtherWorkersSiteKeepsItsCredit()
    {
        var race = OtherWorkerRounds(ownThread: false, rounds: 20);

        // Both sites preceded every hit at about the same rate: neither heads for the floor.
        Assert.True(race.Probability(Other) > 0.5, $"p = {race.Probability(Other)}");
        Assert.True(race.Probability(Good) > 0.5, $"p = {race.Probability(Good)}");
    }

    [Fact]
    public void AttributeHit_WindowsOff_CountsNothing()
    {
        var race = new RaceWindows();
        var task = new task_struct("w0", 1);
        task_struct.set_current_task(task);
        race.Hit(Good);
        race.AttributeHit(task, [task], crash: false);
        Assert.Equal(0, race.AttributedHits);
        Assert.Equal(0, race.SiteStats()[(int)Good].Delays);
    }
}
