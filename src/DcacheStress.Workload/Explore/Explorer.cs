// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;

namespace DcacheStress.Workload.Explore;

/// <summary>
/// The explore loop: runs executions of generated programs (or one fixed scenario) under a
/// strategy until the first invariant hit, the execution budget or the time budget; then shrinks
/// the hit. <see cref="ExploreOptions.Jobs"/> explorers run in parallel, each with its own
/// scheduler and worker threads and its own share of programs and seeds; their results merge.
/// </summary>
public sealed class Explorer(ExploreOptions options)
{
    private volatile bool _stop;

    /// <summary>Run; <paramref name="cancel"/> stops early (the result says what was done).</summary>
    public ExploreResult Run(CancellationToken cancel = default)
    {
        int jobs = Math.Max(1, options.Jobs);
        var results = new ExploreResult[jobs];
        var sw = new Stopwatch();
        // The clock starts once every job has warmed up (as stress's does after its warm-up).
        using var warmedUp = new Barrier(jobs, _ => sw.Start());
        var threads = new Thread[jobs];
        for (int j = 0; j < jobs; j++)
        {
            int job = j;
            threads[j] = new Thread(() => results[job] = RunJob(job, jobs, sw, warmedUp, cancel)) { IsBackground = true, Name = $"explore-job{j}" };
            threads[j].Start();
        }
        foreach (var t in threads)
            t.Join();
        return ExploreResult.Merge(results);
    }

    /// <summary>
    /// The <paramref name="i"/>-th program of job <paramref name="job"/> (of <paramref name="jobs"/>) in fleet
    /// task <paramref name="shard"/> (of <paramref name="shards"/>): the tasks and their jobs deal the
    /// program indexes of one seed out like cards, so a fleet of N tasks with J jobs each explores
    /// exactly the programs one run with N·J jobs would, and no two explore the same one.
    /// </summary>
    public static long ProgramIndex(int shard, int shards, int job, int jobs, long i) =>
        shard + (long)Math.Max(1, shards) * (job + (long)jobs * i);

    /// <summary>
    /// Untimed, uncounted executions for <see cref="ExploreOptions.Warmup"/> (at least one), like
    /// stress's warm-up: the JIT compiles the ported code, the model and the checks and tiers the hot
    /// paths up, so counted executions cost what they will go on costing (measured: after one
    /// warm-up execution the first counted ones took 1.5–6 ms, later ones 0.1–0.3 ms). On the job's own
    /// runner (its worker threads warm too), detection on (the checks are code to compile), with
    /// programs of another seed (every op kind the shape draws) and a strategy of their own; what they
    /// hit is discarded, and nothing reaches the counted executions (each builds its world anew).
    /// </summary>
    private void WarmUp(ProgramRunner runner)
    {
        ulong seed = SeedMix.Derive(options.Seed, 0, 0x3A53);
        var programs = new ProgramGenerator(options.Workload, options.Threads, options.Ops, options.Names, seed, options.Shape);
        var strategy = options.CreateStrategy(seed);
        long until = Stopwatch.GetTimestamp() + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        for (long i = 0; i == 0 || Stopwatch.GetTimestamp() < until; i++)
            runner.Run(options.Scenario ?? programs.Generate(i), strategy);
    }

    private ExploreResult RunJob(int job, int jobs, Stopwatch sw, Barrier warmedUp, CancellationToken cancel)
    {
        int maxTasks = options.Scenario?.Threads.Count ?? options.Threads;
        using var runner = new ProgramRunner(options.Patch, maxTasks) { Detection = options.Detection };
        var generator = new ProgramGenerator(options.Workload, options.Threads, options.Ops, options.Names, options.Seed, options.Shape);
        WarmUp(runner);
        warmedUp.SignalAndWait();
        long executions = 0, programs = 0, deadlocks = 0, stepLimits = 0, faults = 0, maxK = 0, maxPer = 0;
        long budget = options.MaxExecutions is { } m ? (m + jobs - 1 - job) / jobs : long.MaxValue; // this job's share
        ExploreFinding? finding = null;
        long stride = (long)jobs * Math.Max(1, options.ShardCount);
        for (long p = ProgramIndex(options.ShardIndex, options.ShardCount, job, jobs, 0); !_stop && executions < budget; p += stride)
        {
            ExploreProgram program = options.Scenario ?? generator.Generate(p);
            ulong programSeed = SeedMix.Derive(options.Seed, (int)(p & 0x7FFFFFFF), 0x5C4ED);
            var strategy = options.CreateStrategy(programSeed);
            programs++;
            long per = options.Scenario is null ? options.PerProgram : long.MaxValue;
            long done = 0;
            for (; done < per && executions < budget && !_stop; done++)
            {
                if (cancel.IsCancellationRequested || (options.MaxTime is { } t && sw.Elapsed >= t))
                {
                    _stop = true;
                    break;
                }
                var outcome = runner.Run(program, strategy);
                executions++;
                maxTasks = Math.Max(maxTasks, outcome.Result.Names.Count); // PCT's n counts the world's kernel threads too
                if (outcome.Result.End != ExecutionEnd.StepLimit)
                    maxK = Math.Max(maxK, outcome.Result.Candidates);
                switch (outcome.Result.End)
                {
                    case ExecutionEnd.Deadlock: deadlocks++; break;
                    case ExecutionEnd.StepLimit: stepLimits++; break;
                    case ExecutionEnd.Faulted: faults++; break;
                }
                if (outcome.Hit || outcome.Result.End == ExecutionEnd.Faulted)
                {
                    if (outcome.Result.End == ExecutionEnd.Faulted && !outcome.Hit)
                        throw new InvalidOperationException($"explore: the ported code threw in {program.Name}", outcome.Result.Fault);
                    double seconds = sw.Elapsed.TotalSeconds;
                    _stop = true;
                    var shrunk = (program, outcome.Result.Switches);
                    int attempts = 0;
                    if (options.Shrink)
                    {
                        var shrinker = new Shrinker(runner);
                        shrunk = shrinker.Shrink(program, outcome.Result.Switches, outcome.Finding!);
                        attempts = shrinker.Attempts + shrinker.Searched;
                    }
                    finding = new ExploreFinding(outcome.Finding!, program, outcome.Result.Switches, executions, seconds,
                        shrunk.Item1, shrunk.Item2, attempts);
                    done++;
                    break;
                }
            }
            maxPer = Math.Max(maxPer, done);
            if (options.Scenario is not null)
                break;
        }
        return new ExploreResult(options.Patch.Name, options.Strategy, options.Depth, maxTasks, executions, programs,
            deadlocks, stepLimits, faults, maxK, maxPer, sw.Elapsed.TotalSeconds, finding) { Points = options.Points };
    }
}
