// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>
/// Shrinks a failing (program, schedule): drops operations (and tasks left empty), then
/// preemptions, one at a time, keeping a change only when the replay still hits the same
/// invariant; repeats until nothing more can go or the attempt budget is spent. Then it searches:
/// sampled preemption-bounded executions of the shrunk program with fewer preemptions than it has
/// (<see cref="PreemptionBoundedStrategy"/>, bound 1 up); one that hits the same invariant with
/// fewer preemptions replaces the schedule and the drop passes run again on it. Dropping a switch
/// moves the later ones' meaning (they are keyed by a task's point count), so the drop passes stop
/// at a local minimum; a random-walk finding switches at most points and leaves one far above the
/// fewest. Every accepted step replaces the schedule by the switches the successful replay or
/// execution recorded, so the result is a schedule that replays exactly.
/// </summary>
public sealed class Shrinker(ProgramRunner runner, int maxAttempts = 400, int searchExecutions = 1000, ulong seed = 0x5EA4C4)
{
    /// <summary>Replays tried.</summary>
    public int Attempts { get; private set; }

    /// <summary>Shrink <paramref name="program"/> under <paramref name="switches"/>, which hits <paramref name="finding"/>.</summary>
    public (ExploreProgram Program, IReadOnlyList<ScheduleSwitch> Switches) Shrink(
        ExploreProgram program, IReadOnlyList<ScheduleSwitch> switches, string finding)
    {
        (program, switches) = Drop(program, switches, finding);
        if (Search(program, switches, finding) is { } fewer)
            (program, switches) = Drop(program, fewer, finding);
        return (program, switches);
    }

    /// <summary>Executions the search ran.</summary>
    public int Searched { get; private set; }

    // A schedule of `program` that hits `finding` with fewer preemptions than `switches`, or null.
    private IReadOnlyList<ScheduleSwitch>? Search(ExploreProgram program, IReadOnlyList<ScheduleSwitch> switches, string finding)
    {
        int best = Preemptions(switches);
        IReadOnlyList<ScheduleSwitch>? found = null;
        for (int bound = 1; bound < best && Searched < searchExecutions; bound++)
        {
            // pb cycles its bound 0..max: a sample of every bound up to this one.
            var pb = new PreemptionBoundedStrategy(SeedMix.Derive(seed, bound, 0x5B), bound, initialK: 16, ChangePoints.Sites);
            int share = searchExecutions / Math.Max(1, best - 1);
            for (int i = 0; i < share && Searched < searchExecutions; i++)
            {
                Searched++;
                var outcome = runner.Run(program, pb);
                if (outcome.Finding == finding && Preemptions(outcome.Result.Switches) < best)
                {
                    found = outcome.Result.Switches;
                    best = Preemptions(found);
                }
            }
            if (found is not null)
                break; // the fewest bound that hits; the drop passes go on from it
        }
        return found;
    }

    private static int Preemptions(IReadOnlyList<ScheduleSwitch> switches) => switches.Count(s => s.Preemption);

    private (ExploreProgram Program, IReadOnlyList<ScheduleSwitch> Switches) Drop(
        ExploreProgram program, IReadOnlyList<ScheduleSwitch> switches, string finding)
    {
        bool changed = true;
        while (changed && Attempts < maxAttempts)
        {
            changed = false;
            // Fewest ops: drop one operation at a time, last task and last op first.
            for (int t = program.Threads.Count - 1; t >= 0 && Attempts < maxAttempts; t--)
            {
                for (int i = program.Threads[t].Count - 1; i >= 0 && Attempts < maxAttempts; i--)
                {
                    if (t >= program.Threads.Count || i >= program.Threads[t].Count)
                        continue;
                    var smaller = program.Without(t, i);
                    var remapped = program.Threads[t].Count == 1 ? WithoutTask(switches, t) : switches;
                    if (Try(smaller, remapped, finding) is { } kept)
                    {
                        program = smaller;
                        switches = kept;
                        changed = true;
                    }
                }
            }
            // Fewest preemptions: drop one preemption at a time, latest first.
            for (int s = switches.Count - 1; s >= 0 && Attempts < maxAttempts; s--)
            {
                if (s >= switches.Count || !switches[s].Preemption)
                    continue;
                var fewer = switches.Where((_, j) => j != s).ToList();
                if (Try(program, fewer, finding) is { } kept)
                {
                    switches = kept;
                    changed = true;
                }
            }
        }
        return (program, switches);
    }

    private IReadOnlyList<ScheduleSwitch>? Try(ExploreProgram program, IReadOnlyList<ScheduleSwitch> switches, string finding)
    {
        Attempts++;
        var outcome = runner.Run(program, new ReplayStrategy(switches));
        return outcome.Finding == finding ? outcome.Result.Switches : null;
    }

    // Task t is gone: its switches go, later tasks move down one.
    private static List<ScheduleSwitch> WithoutTask(IReadOnlyList<ScheduleSwitch> switches, int t) =>
        [.. switches.Where(s => s.From != t && s.To != t)
            .Select(s => s with { From = s.From > t ? s.From - 1 : s.From, To = s.To > t ? s.To - 1 : s.To })];
}
