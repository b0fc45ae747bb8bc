// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Service.Cli;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// <c>fleet submit</c>: renders the engine's files into the fleet directory and, for Slurm,
/// submits the array and the dependent merge job with sbatch. Placement, retries, signals and
/// accounting stay with the engine.
/// </summary>
public static class FleetSubmitter
{
    /// <summary>Submit <paramref name="r"/>; returns the exit code (with --wait: the merge job's).</summary>
    public static int Submit(FleetRequest r, CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(cli);
        var layout = new FleetLayout(r.Dir);
        try
        {
            Directory.CreateDirectory(layout.Dir);
            Directory.CreateDirectory(layout.Logs);
            Directory.CreateDirectory(layout.Targets);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cli.Err.WriteLine($"error: --dir: cannot create {layout.Dir}: {e.Message}");
            return ExitCodes.BadInput;
        }
        return r.Engine == "k8s" ? RenderK8s(r, layout, cli) : SubmitSlurm(r, layout, cli);
    }

    private static int RenderK8s(FleetRequest r, FleetLayout layout, CliContext cli)
    {
        IReadOnlyList<string> files = K8sManifest.WriteAll(r, layout.K8sDir);
        new FleetRecord
        {
            Mode = r.Mode, Engine = r.Engine, Name = r.Name, Tasks = r.Tasks, CpusPerTask = r.CpusPerTask, SubmittedUtc = DateTimeOffset.UtcNow,
            Harness = [K8sManifest.ImageHarness], StressArgs = r.StressArgs, Files = files,
        }.Save(layout.FleetJson);
        string job = files[0], monitor = files[1], merge = files[2];
        cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rendered an Indexed Job of {r.Tasks} tasks ({r.Name}), its PodMonitor and the merge Job:"));
        foreach (string f in files)
            cli.Out.WriteLine($"  {f}");
        cli.Out.WriteLine("apply them (this tool does not talk to a cluster; the PVC must exist, ReadWriteMany):");
        cli.Out.WriteLine($"  kubectl apply -f {job} -f {monitor}");
        cli.Out.WriteLine($"  kubectl wait --for=condition=complete --timeout=-1s job/{r.Name}");
        cli.Out.WriteLine($"  kubectl apply -f {merge}");
        cli.Out.WriteLine($"merged report: {K8sManifest.PodDir(r)}/merged/{MergedFile(r)} on the volume {r.Pvc}");
        cli.Out.Flush();
        return ExitCodes.Ok;
    }

    private static int SubmitSlurm(FleetRequest r, FleetLayout layout, CliContext cli)
    {
        IReadOnlyList<string> harness = r.Harness ?? HarnessCommand.Current();
        File.WriteAllText(layout.Sbatch, SlurmScript.Array(r, layout, harness));
        File.WriteAllText(layout.MergeSbatch, SlurmScript.Merge(r, layout, harness));
        var record = new FleetRecord
        {
            Mode = r.Mode, Engine = r.Engine, Name = r.Name, Tasks = r.Tasks, CpusPerTask = r.CpusPerTask, SubmittedUtc = DateTimeOffset.UtcNow,
            Harness = harness, StressArgs = r.StressArgs, Files = [layout.Sbatch, layout.MergeSbatch],
        };
        record.Save(layout.FleetJson);
        cli.Out.WriteLine($"wrote {layout.Sbatch} and {layout.MergeSbatch}");
        if (r.DryRun)
        {
            cli.Out.WriteLine($"--dry-run: nothing submitted (sbatch {layout.Sbatch}; then sbatch --dependency=afterany:<array job> {layout.MergeSbatch})");
            cli.Out.Flush();
            return ExitCodes.Ok;
        }
        string? sbatch = ExternalCommand.Find("sbatch");
        if (sbatch is null)
        {
            cli.Err.WriteLine("error: sbatch not found: Slurm's client is not installed here (Debian: slurm-client), or use --dry-run to write the scripts only");
            return ExitCodes.Failed;
        }

        string? arrayId = null;
        (int rc, string err) = ExternalCommand.Run(sbatch, ["--parsable", layout.Sbatch], line => arrayId ??= JobId(line));
        if (rc != 0 || arrayId is null)
        {
            cli.Err.WriteLine($"error: sbatch {layout.Sbatch} failed (exit {rc}): {err}");
            return ExitCodes.Failed;
        }
        cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"array job {arrayId}: {r.Tasks} tasks, logs in {layout.Logs}"));
        cli.Out.Flush();

        string? mergeId = null;
        var mergeArgs = new List<string> { "--parsable", $"--dependency=afterany:{arrayId}" };
        if (r.Wait)
            mergeArgs.Add("--wait");
        mergeArgs.Add(layout.MergeSbatch);
        (rc, err) = ExternalCommand.Run(sbatch, mergeArgs, line =>
        {
            if (mergeId is null && JobId(line) is string id)
            {
                mergeId = id;
                (record with { ArrayJobId = arrayId, MergeJobId = mergeId }).Save(layout.FleetJson);
                cli.Out.WriteLine($"merge job {mergeId}: runs after the array (afterany:{arrayId}){(r.Wait ? "; waiting for it (--wait)" : "")}");
                cli.Out.WriteLine($"merged report: {Path.Combine(layout.Merged, MergedFile(r))}{(r.Mode == "explore" ? "" : " (and report.json, report.md)")}");
                cli.Out.WriteLine($"status: ./run.sh fleet status {layout.Dir}");
                cli.Out.Flush();
            }
        });
        if (mergeId is null)
        {
            cli.Err.WriteLine($"error: sbatch {layout.MergeSbatch} failed (exit {rc}): {err}; the array job {arrayId} is submitted: merge by hand with ./run.sh fleet merge {layout.Dir}");
            return ExitCodes.Failed;
        }
        if (!r.Wait)
            return ExitCodes.Ok;
        cli.Out.WriteLine(rc == 0
            ? $"merge job {mergeId} done: {Path.Combine(layout.Merged, MergedFile(r))}"
            : $"merge job {mergeId} failed (exit {rc}): see {Path.Combine(layout.Logs, "merge.out")}");
        cli.Out.Flush();
        return rc == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static string MergedFile(FleetRequest r) => r.Mode == "explore" ? Explore.ExploreReport.FileName : "report.html";

    /// <summary>The job id in sbatch --parsable's line (<c>1234</c> or <c>1234;cluster</c>), or null.</summary>
    public static string? JobId(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string id = line.Split(';')[0].Trim();
        return id.Length > 0 && id.All(char.IsAsciiDigit) ? id : null;
    }
}
