// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// The files of a fleet directory (on the cluster's shared filesystem, or a volume under
/// Kubernetes): <c>fleet.json</c> (what was submitted), <c>fleet.sbatch</c> and
/// <c>merge.sbatch</c> (or <c>k8s/</c>), <c>task-I/</c> (each task's report, checkpoint and
/// crash records), <c>targets/</c> (Prometheus file_sd), <c>logs/</c>, <c>merged/</c>.
/// </summary>
public sealed record FleetLayout(string Dir)
{
    /// <summary>What was submitted (engine, tasks, job ids, stress options).</summary>
    public string FleetJson => Path.Combine(Dir, "fleet.json");

    /// <summary>The Slurm array script.</summary>
    public string Sbatch => Path.Combine(Dir, "fleet.sbatch");

    /// <summary>The Slurm merge script.</summary>
    public string MergeSbatch => Path.Combine(Dir, "merge.sbatch");

    /// <summary>Kubernetes manifests.</summary>
    public string K8sDir => Path.Combine(Dir, "k8s");

    /// <summary>file_sd target files of the running tasks.</summary>
    public string Targets => Path.Combine(Dir, "targets");

    /// <summary>Slurm's output files.</summary>
    public string Logs => Path.Combine(Dir, "logs");

    /// <summary>The merged report.</summary>
    public string Merged => Path.Combine(Dir, "merged");

    /// <summary>The report directory of task <paramref name="index"/>.</summary>
    public string Task(int index) => Path.Combine(Dir, string.Create(CultureInfo.InvariantCulture, $"task-{index}"));

    /// <summary>Every task-*/report.json present, by task index.</summary>
    public IReadOnlyList<string> Reports() =>
        !Directory.Exists(Dir) ? [] :
        [.. Directory.EnumerateDirectories(Dir, "task-*")
            .Select(d => (Dir: d, Index: int.TryParse(Path.GetFileName(d)["task-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : -1))
            .Where(t => t.Index >= 0 && File.Exists(Path.Combine(t.Dir, "report.json")))
            .OrderBy(t => t.Index)
            .Select(t => Path.Combine(t.Dir, "report.json"))];
}
