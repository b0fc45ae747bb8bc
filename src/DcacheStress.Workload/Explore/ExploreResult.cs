// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;

namespace DcacheStress.Workload.Explore;

/// <summary>
/// What an explore run (all its jobs together) did: executions, programs, how executions ended,
/// the most candidate points in one (PCT's k, counted in <see cref="Points"/>), and the first finding. Results of independent runs add up
/// (<see cref="Merge"/>), like stress reports of a fleet.
/// </summary>
public sealed record ExploreResult(
    string Patch,
    string Strategy,
    int Depth,
    int Threads,
    long Executions,
    long Programs,
    long Deadlocks,
    long StepLimits,
    long Faults,
    long MaxK,
    long MaxExecutionsPerProgram,
    double Seconds,
    ExploreFinding? Finding)
{
    /// <summary>The points k counts (and change points are drawn among).</summary>
    public ChangePoints Points { get; init; }

    /// <summary>
    /// PCT's bound on the probability that every execution of one program missed a depth-d bug
    /// (1 when no execution ran PCT: <see cref="PctExecutions"/>).
    /// </summary>
    public double MissBound => PctStrategy.MissBound(Threads, MaxK, Depth, PctExecutions(Strategy, MaxExecutionsPerProgram));

    /// <summary>
    /// How many of <paramref name="executions"/> executions of one program <paramref name="strategy"/>
    /// ran under PCT, whose bound they carry: all for "pct", the even ones for "mix", none otherwise.
    /// </summary>
    public static long PctExecutions(string strategy, long executions) => strategy switch
    {
        "pct" => executions,
        "mix" => MixedStrategy.PctShare(executions),
        _ => 0,
    };

    /// <summary>Sum of independent runs of the same patch and settings; the earliest finding wins.</summary>
    public static ExploreResult Merge(IReadOnlyList<ExploreResult> parts)
    {
        var f = parts[0];
        return f with
        {
            Executions = parts.Sum(p => p.Executions),
            Programs = parts.Sum(p => p.Programs),
            Deadlocks = parts.Sum(p => p.Deadlocks),
            StepLimits = parts.Sum(p => p.StepLimits),
            Faults = parts.Sum(p => p.Faults),
            MaxK = parts.Max(p => p.MaxK),
            MaxExecutionsPerProgram = parts.Max(p => p.MaxExecutionsPerProgram),
            Seconds = parts.Max(p => p.Seconds),
            Finding = parts.Where(p => p.Finding is not null).MinBy(p => p.Finding!.Seconds)?.Finding,
        };
    }

    /// <summary>The summary line of a clean run.</summary>
    public string CleanLine()
    {
        var inv = CultureInfo.InvariantCulture;
        long pct = PctExecutions(Strategy, MaxExecutionsPerProgram);
        // "all 5000 executions", or under mix "all 2500 PCT executions (of 5000)"
        string runs = pct == MaxExecutionsPerProgram
            ? string.Create(inv, $"{pct} executions")
            : string.Create(inv, $"{pct} PCT executions (of {MaxExecutionsPerProgram})");
        string bound = pct > 0
            ? string.Create(inv, $"; PCT bound: one execution finds a depth-{Depth} bug with p >= 1/(n*k^(d-1)) = {PctStrategy.HitProbabilityBound(Threads, MaxK, Depth):G3} (n={Threads}, k={MaxK} {ChangePointSet.Name(Points)} points); P(all {runs} of a scenario missed it) <= {MissBound:G3}")
            : "";
        return string.Create(inv, $"no hit: {Executions} executions of {Programs} scenario(s) in {Seconds:F1} s ({Deadlocks} deadlocked, {StepLimits} over the step limit){bound}");
    }
}
