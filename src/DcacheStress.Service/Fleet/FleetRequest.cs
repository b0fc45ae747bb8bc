// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text.RegularExpressions;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// <c>fleet submit</c>'s request: the engine, the number of tasks, where they write, the
/// scheduler's knobs, and the stress options every task runs with (after <c>--</c>).
/// </summary>
public sealed partial record FleetRequest
{
    /// <summary>Engines <c>--engine</c> takes.</summary>
    public static IReadOnlyList<string> Engines { get; } = ["slurm", "k8s"];

    /// <summary>What the tasks run (<c>--mode</c>).</summary>
    public static IReadOnlyList<string> Modes { get; } = ["stress", "explore"];

    /// <summary>Explore options the fleet sets per task; the user may not give them after <c>--</c>.</summary>
    public static IReadOnlyList<string> ExploreFleetOwned { get; } = ["--report-dir", "--fleet-id", "--task-index", "--task-count", "--out", "--check"];

    /// <summary>Stress options the fleet sets per task; the user may not give them after <c>--</c>.</summary>
    public static IReadOnlyList<string> FleetOwnedKeys { get; } = ["ReportDir", "FleetId", "TaskIndex", "TaskCount", "Resume", "FileSdDir", "Json"];

    /// <summary>stress (reports merged by compare) or explore (explore.json merged by explore merge).</summary>
    public string Mode { get; init; } = "stress";

    /// <summary>slurm or k8s.</summary>
    public string Engine { get; init; } = "slurm";

    /// <summary>Tasks in the array / completions of the Indexed Job.</summary>
    public required int Tasks { get; init; }

    /// <summary>The fleet directory (absolute).</summary>
    public required string Dir { get; init; }

    /// <summary>CPUs per task (Slurm --cpus-per-task, Kubernetes cpu request and limit).</summary>
    public int CpusPerTask { get; init; } = 1;

    /// <summary>Slurm partition, or null for the default.</summary>
    public string? Partition { get; init; }

    /// <summary>Time limit per task (Slurm's format: minutes, MM:SS, HH:MM:SS, D-HH), or null.</summary>
    public string? Time { get; init; }

    /// <summary>Block until the merge has run (sbatch --wait) and exit with its status.</summary>
    public bool Wait { get; init; }

    /// <summary>Only write the scripts and fleet.json; submit nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Let the merge job merge a fleet with missing tasks.</summary>
    public bool AllowPartial { get; init; }

    /// <summary>Job name (Slurm), Job and fleet id (Kubernetes).</summary>
    public string Name { get; init; } = "dcachestress";

    /// <summary>The command that starts the harness on the nodes; null: this build.</summary>
    public IReadOnlyList<string>? Harness { get; init; }

    /// <summary>Container image (Kubernetes).</summary>
    public string? Image { get; init; }

    /// <summary>PersistentVolumeClaim (ReadWriteMany) that holds the fleet directory (Kubernetes).</summary>
    public string Pvc { get; init; } = "dcachestress-results";

    /// <summary>The stress options of every task, as given after <c>--</c>.</summary>
    public IReadOnlyList<string> StressArgs { get; init; } = [];

    /// <summary>The parsed stress options (configuration key → value).</summary>
    public IReadOnlyDictionary<string, string> StressValues { get; init; } = new Dictionary<string, string>();

    /// <summary>Parse <c>fleet submit</c>'s arguments; null with one line per problem in <paramref name="errors"/>.</summary>
    public static FleetRequest? Parse(IReadOnlyList<string> args, string workingDirectory, out List<string> errors)
    {
        errors = [];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        string[] stress = [];
        string[] valued = ["--mode", "--engine", "--tasks", "--dir", "--cpus-per-task", "--partition", "--time", "--name", "--harness", "--image", "--pvc"];
        string[] switches = ["--wait", "--dry-run", "--allow-partial"];
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--")
            {
                stress = [.. args.Skip(i + 1)];
                break;
            }
            string name = a;
            string? value = null;
            int eq = a.IndexOf('=', StringComparison.Ordinal);
            if (a.StartsWith("--", StringComparison.Ordinal) && eq > 0)
                (name, value) = (a[..eq], a[(eq + 1)..]);
            if (switches.Contains(name))
            {
                flags.Add(name);
            }
            else if (valued.Contains(name))
            {
                if (value is null && i + 1 >= args.Count)
                {
                    errors.Add($"{name}: needs a value");
                    continue;
                }
                values[name] = value ?? args[++i];
            }
            else
            {
                errors.Add($"fleet submit: unknown option '{a}' (allowed: {string.Join(", ", valued.Concat(switches))}, then -- and the stress options)");
            }
        }

        string mode = values.GetValueOrDefault("--mode", "stress");
        if (!Modes.Contains(mode))
            errors.Add($"--mode: '{mode}' is not a mode (allowed: {string.Join(", ", Modes)})");
        string engine = values.GetValueOrDefault("--engine", "slurm");
        if (!Engines.Contains(engine))
            errors.Add($"--engine: '{engine}' is not an engine (allowed: {string.Join(", ", Engines)})");
        int tasks = PositiveInt(values, "--tasks", null, errors);
        int cpus = PositiveInt(values, "--cpus-per-task", 1, errors);
        if (!values.TryGetValue("--dir", out string? dir) || string.IsNullOrWhiteSpace(dir))
            errors.Add("--dir: the fleet directory is required (on a filesystem every node sees: task-I/, targets/, merged/ go there)");
        else if (Path.GetFullPath(dir, workingDirectory).Any(char.IsWhiteSpace))
            errors.Add($"--dir: '{Path.GetFullPath(dir, workingDirectory)}' has whitespace (Slurm's #SBATCH lines cannot carry it; choose a path without)");
        string name2 = values.GetValueOrDefault("--name", "dcachestress");
        if (!NamePattern().IsMatch(name2))
            errors.Add($"--name: '{name2}' is not a job name (allowed: lower-case letters, digits and '-', starting with a letter, at most 52: it is also the Kubernetes Job's name)");
        if (values.TryGetValue("--time", out string? time) && !TimePattern().IsMatch(time))
            errors.Add($"--time: '{time}' is not a Slurm time limit (allowed: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS)");
        if (engine == "k8s" && !values.ContainsKey("--image"))
            errors.Add("--image: --engine k8s needs the container image that holds the published harness (see ./run.sh publish and docs/fleet.md)");

        IReadOnlyDictionary<string, string> parsedValues = new Dictionary<string, string>();
        if (mode == "explore")
        {
            foreach (string owned in ExploreFleetOwned.Where(o => stress.Any(a => a == o || a.StartsWith(o + "=", StringComparison.Ordinal))))
                errors.Add($"explore options after --: {owned} is set by the fleet per task (task-I/ under --dir)");
            if (!stress.Any(a => a == "--seed" || a.StartsWith("--seed=", StringComparison.Ordinal)))
                errors.Add("explore options after --: a fleet needs an explicit --seed N: the tasks deal that seed's programs out between them");
        }
        else
        {
            Cli.StressArgs parsed = Cli.StressArgs.Parse(stress);
            foreach (string e in parsed.Errors)
                errors.Add($"stress options after --: {e}");
            if (parsed.Help)
                errors.Add("stress options after --: --help is not a stress option here (see ./run.sh stress --help)");
            foreach (string key in FleetOwnedKeys.Where(parsed.Values.ContainsKey))
                errors.Add($"stress options after --: {Configuration.StressOptionCatalog.CliOf(key)} is set by the fleet per task (task-I/ under --dir)");
            if (!parsed.Values.ContainsKey("Seed"))
                errors.Add("stress options after --: a fleet needs an explicit base seed (--seed N); every task's seed derives from it and is recorded");
            parsedValues = parsed.Values;
        }
        if (errors.Count > 0)
            return null;

        IReadOnlyList<string>? harness = values.TryGetValue("--harness", out string? h)
            ? h.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;
        return new FleetRequest
        {
            Mode = mode,
            Engine = engine,
            Tasks = tasks,
            Dir = Path.GetFullPath(dir!, workingDirectory),
            CpusPerTask = cpus,
            Partition = values.GetValueOrDefault("--partition"),
            Time = time,
            Wait = flags.Contains("--wait"),
            DryRun = flags.Contains("--dry-run"),
            AllowPartial = flags.Contains("--allow-partial"),
            Name = name2,
            Harness = harness,
            Image = values.GetValueOrDefault("--image"),
            Pvc = values.GetValueOrDefault("--pvc", "dcachestress-results"),
            StressArgs = stress,
            StressValues = parsedValues,
        };
    }

    /// <summary>Worker threads per task: as given, else the harness's default for the CPUs it gets (at least 4: a race needs company).</summary>
    public string Threads => StressValues.TryGetValue("Threads", out string? t) ? t : Math.Max(4, CpusPerTask).ToString(CultureInfo.InvariantCulture);

    private static int PositiveInt(Dictionary<string, string> values, string name, int? fallback, List<string> errors)
    {
        if (!values.TryGetValue(name, out string? raw))
        {
            if (fallback is null)
                errors.Add($"{name}: required (how many)");
            return fallback ?? 0;
        }
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v >= 1 && v <= 100000)
            return v;
        errors.Add($"{name}: '{raw}' is not a count (allowed: 1..100000)");
        return 0;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,51}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^([0-9]+-)?[0-9]+(:[0-9]+){0,2}$")]
    private static partial Regex TimePattern();
}
