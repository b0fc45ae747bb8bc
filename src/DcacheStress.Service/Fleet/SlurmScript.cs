// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// The Slurm scripts <c>fleet submit --engine slurm</c> writes into the fleet directory, visible
/// and editable: <c>fleet.sbatch</c> (a job array of the stress tasks) and <c>merge.sbatch</c>
/// (the merge, submitted with <c>--dependency=afterany</c> on the array). Slurm does placement,
/// retries (<c>--requeue</c>), signals and accounting; the scripts only start the harness.
/// </summary>
public static class SlurmScript
{
    /// <summary>fleet.sbatch.</summary>
    public static string Array(FleetRequest r, FleetLayout layout, IReadOnlyList<string> harness)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(layout);
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine("#!/bin/bash");
        s.AppendLine("# DcacheStress fleet: one stress task per array index (written by ./run.sh fleet submit; edit and");
        s.AppendLine("# resubmit with sbatch as you like). Each task writes task-$SLURM_ARRAY_TASK_ID/ under the fleet dir.");
        s.AppendLine(c, $"#SBATCH --job-name={r.Name}");
        s.AppendLine(c, $"#SBATCH --array=0-{r.Tasks - 1}");
        s.AppendLine(c, $"#SBATCH --cpus-per-task={r.CpusPerTask}");
        s.AppendLine("#SBATCH --ntasks=1");
        // B: signals the batch shell, which is the harness itself (exec below); without B: only
        // job steps (srun) would get it. The harness stops, runs its fsck and writes its report.
        s.AppendLine("#SBATCH --signal=B:TERM@120");
        s.AppendLine("#SBATCH --requeue");
        s.AppendLine("#SBATCH --open-mode=append");
        s.AppendLine(c, $"#SBATCH --output={Path.Combine(layout.Logs, "task-%a.out")}");
        if (r.Partition is not null)
            s.AppendLine(c, $"#SBATCH --partition={r.Partition}");
        if (r.Time is not null)
            s.AppendLine(c, $"#SBATCH --time={r.Time}");
        s.AppendLine("set -u");
        s.AppendLine(c, $"fleet_dir={ShellWords.Quote(layout.Dir)}");
        s.AppendLine("task_dir=\"$fleet_dir/task-$SLURM_ARRAY_TASK_ID\"");
        s.AppendLine(c, $"harness=({ShellWords.Join(harness)})");
        if (r.Mode == "explore")
        {
            // Explore has no checkpoint: a requeued task explores its share again from its seed
            // (the same programs), unless it already ended by a hit or its budget.
            s.AppendLine("if [ -f \"$task_dir/explore.json\" ] && ! grep -q '\"end_reason\": \"signal\"' \"$task_dir/explore.json\"; then");
            s.AppendLine("  echo \"task $SLURM_ARRAY_TASK_ID already complete: $task_dir/explore.json\"");
            s.AppendLine("  exit 0");
            s.AppendLine("fi");
            s.AppendLine(c, $"exec \"${{harness[@]}}\" explore {ShellWords.Join(r.StressArgs)} --report-dir \"$task_dir\"");
            return s.ToString();
        }
        s.AppendLine("if [ -f \"$task_dir/checkpoint.json\" ]; then");
        s.AppendLine("  # Requeued (preemption, node failure) or restarted: continue this task's checkpoint. Its options,");
        s.AppendLine("  # base seed and fleet identity come from the checkpoint; the task seed is derived again.");
        s.AppendLine("  if grep -q '\"complete\": true' \"$task_dir/checkpoint.json\"; then");
        s.AppendLine("    echo \"task $SLURM_ARRAY_TASK_ID already complete: $task_dir/report.json\"");
        s.AppendLine("    exit 0");
        s.AppendLine("  fi");
        s.AppendLine("  exec \"${harness[@]}\" stress --resume \"$task_dir\"");
        s.AppendLine("fi");
        var stress = new List<string>(r.StressArgs);
        if (!r.StressValues.ContainsKey("Threads"))
            stress.AddRange(["--threads", r.Threads]);
        if (!r.StressValues.ContainsKey("MetricsUrl"))
            stress.AddRange(["--metrics-url", "http://127.0.0.1:0"]);
        s.AppendLine(c, $"exec \"${{harness[@]}}\" stress {ShellWords.Join(stress)} \\");
        s.AppendLine(c, $"  --task-count {r.Tasks} --report-dir \"$task_dir\" --file-sd-dir \"$fleet_dir/targets\"");
        return s.ToString();
    }

    /// <summary>merge.sbatch: <c>fleet merge DIR</c> once the array is over (afterany: also after failed or cancelled tasks).</summary>
    public static string Merge(FleetRequest r, FleetLayout layout, IReadOnlyList<string> harness)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(layout);
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine("#!/bin/bash");
        s.AppendLine(r.Mode == "explore"
            ? "# DcacheStress fleet merge: explore merge over task-*/explore.json into merged/ (fails when a task is missing)."
            : "# DcacheStress fleet merge: compare over task-*/report.json into merged/ (fails when a task is missing).");
        s.AppendLine(c, $"#SBATCH --job-name={r.Name}-merge");
        s.AppendLine("#SBATCH --cpus-per-task=1");
        s.AppendLine("#SBATCH --ntasks=1");
        s.AppendLine(c, $"#SBATCH --output={Path.Combine(layout.Logs, "merge.out")}");
        if (r.Partition is not null)
            s.AppendLine(c, $"#SBATCH --partition={r.Partition}");
        var words = new List<string>(harness) { "fleet", "merge", layout.Dir };
        if (r.AllowPartial)
            words.Add("--allow-partial");
        s.AppendLine(c, $"exec {ShellWords.Join(words)}");
        return s.ToString();
    }
}
