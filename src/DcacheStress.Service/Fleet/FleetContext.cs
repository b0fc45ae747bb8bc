// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text.RegularExpressions;
using DcacheStress.Workload;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// One task of a fleet: which fleet, which index of how many, and the seeds. The engine (Slurm,
/// Kubernetes) places the tasks; each task only learns who it is from its environment or options
/// (see <see cref="Detect"/>) and derives its seed from the fleet's base seed.
/// </summary>
public sealed partial record FleetContext
{
    /// <summary>Stream constant of <see cref="TaskSeed"/>'s derivation ("flt"): task seeds never equal round or thread seeds of the base.</summary>
    public const int TaskSeedStream = 0x666c74;

    /// <summary>Slurm's array job id (the fleet of a job array).</summary>
    public const string SlurmJobIdVar = "SLURM_ARRAY_JOB_ID";

    /// <summary>Slurm's task index within the array.</summary>
    public const string SlurmTaskIdVar = "SLURM_ARRAY_TASK_ID";

    /// <summary>Slurm's number of tasks in the array (Slurm 17.11 and later).</summary>
    public const string SlurmTaskCountVar = "SLURM_ARRAY_TASK_COUNT";

    /// <summary>Kubernetes' index of a pod of an Indexed Job.</summary>
    public const string K8sIndexVar = "JOB_COMPLETION_INDEX";

    /// <summary>Where the identity came from.</summary>
    public required FleetEngine Engine { get; init; }

    /// <summary>The fleet (Slurm array job id, Kubernetes job name, or --fleet-id).</summary>
    public required string FleetId { get; init; }

    /// <summary>This task's index, 0-based.</summary>
    public required int TaskIndex { get; init; }

    /// <summary>Tasks in the fleet; null when the engine does not say.</summary>
    public int? TaskCount { get; init; }

    /// <summary>The fleet's base seed (the --seed given to every task).</summary>
    public required ulong BaseSeed { get; init; }

    /// <summary>This task's run seed, derived from <see cref="BaseSeed"/> and <see cref="TaskIndex"/>.</summary>
    public ulong TaskSeed => DeriveTaskSeed(BaseSeed, TaskIndex);

    /// <summary>
    /// The run seed of task <paramref name="index"/> of a fleet with base seed
    /// <paramref name="baseSeed"/>: splitmix64 (<see cref="SeedMix.Derive"/>) cut to 53 bits, so that
    /// every JSON reader (JavaScript's included) reads it exactly.
    /// </summary>
    public static ulong DeriveTaskSeed(ulong baseSeed, int index) =>
        (SeedMix.Derive(baseSeed, TaskSeedStream, index) & ((1UL << 53) - 1)) | 1;

    /// <summary>
    /// The task identity from <paramref name="options"/> (configuration keys FleetId, TaskIndex,
    /// TaskCount: they win) and <paramref name="env"/> (Slurm's array variables, or Kubernetes'
    /// JOB_COMPLETION_INDEX); null outside a fleet, and null with <paramref name="errors"/> on bad input.
    /// <paramref name="baseSeed"/> is null when no seed was given: a fleet task then fails, because
    /// clock seeds would make the tasks unreproducible.
    /// </summary>
    public static FleetContext? Detect(IReadOnlyDictionary<string, string> options, IReadOnlyDictionary<string, string> env, ulong? baseSeed, List<string> errors)
    {
        int before = errors.Count;
        string? optId = Get(options, "FleetId");
        int? optIndex = Int(Get(options, "TaskIndex"), "--task-index", errors);
        int? optCount = Int(Get(options, "TaskCount"), "--task-count", errors);

        FleetEngine engine = FleetEngine.Options;
        string? envId = null;
        int? envIndex = null;
        int? envCount = null;
        if (Get(env, SlurmTaskIdVar) is string slurmTask)
        {
            engine = FleetEngine.Slurm;
            envId = Get(env, SlurmJobIdVar);
            envIndex = Int(slurmTask, SlurmTaskIdVar, errors);
            envCount = Int(Get(env, SlurmTaskCountVar), SlurmTaskCountVar, errors);
        }
        else if (Get(env, K8sIndexVar) is string k8sIndex)
        {
            engine = FleetEngine.Kubernetes;
            envIndex = Int(k8sIndex, K8sIndexVar, errors);
        }
        if (errors.Count > before)
            return null;

        string? id = optId ?? envId;
        int? index = optIndex ?? envIndex;
        int? count = optCount ?? envCount;
        if (id is null && index is null && count is null)
            return null;
        if (id is null)
        {
            errors.Add(engine == FleetEngine.Kubernetes
                ? $"--fleet-id: {K8sIndexVar} is set but the fleet has no id (the shipped manifest sets DCACHESTRESS__STRESS__FLEETID from the job name)"
                : "--fleet-id: a fleet task needs the fleet's id (--fleet-id ID with --task-index I)");
            return null;
        }
        if (!IdPattern().IsMatch(id))
            errors.Add($"--fleet-id: '{id}' is not a fleet id (allowed: 1 to 63 letters, digits, '.', '_', '-')");
        if (index is null)
            errors.Add($"--task-index: fleet '{id}' needs this task's index (--task-index I, or {SlurmTaskIdVar} / {K8sIndexVar})");
        else if (index < 0)
            errors.Add($"--task-index: {index} is negative (allowed: 0..task count - 1)");
        if (count is int c && c < 1)
            errors.Add($"--task-count: {c} is out of range (allowed: 1 or more)");
        else if (count is int n && index is int i && i >= n)
            errors.Add($"--task-index: {i} is out of range for {n} tasks (allowed: 0..{n - 1})");
        if (baseSeed is null)
            errors.Add($"--seed: fleet '{id}' task {index} needs an explicit base seed: every task's seed derives from it (give --seed N to every task, e.g. through fleet submit)");
        if (errors.Count > before)
            return null;
        return new FleetContext
        {
            Engine = engine,
            FleetId = id,
            TaskIndex = index!.Value,
            TaskCount = count,
            BaseSeed = baseSeed!.Value,
        };
    }

    private static string? Get(IReadOnlyDictionary<string, string> map, string key)
    {
        foreach ((string k, string v) in map)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(v))
                return v.Trim();
        }
        return null;
    }

    private static int? Int(string? raw, string name, List<string> errors)
    {
        if (raw is null)
            return null;
        if (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v))
            return v;
        errors.Add($"{name}: '{raw}' is not a whole number");
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,63}$")]
    private static partial Regex IdPattern();
}
