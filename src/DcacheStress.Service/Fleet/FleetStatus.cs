// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text.Json;
using DcacheStress.Service.Cli;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// <c>fleet status DIR</c>: each task's state from its files (report.json or explore.json: done,
/// with its end reason and ops or executions; checkpoint.json only: running or interrupted; nothing: pending), the
/// scheduler's view (squeue) where Slurm's client is here, and the merged report.
/// </summary>
public static class FleetStatus
{
    /// <summary>Print the status of <paramref name="dir"/>; exit 0, or 2 when it is not a fleet directory.</summary>
    public static int Run(string dir, CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var layout = new FleetLayout(dir);
        FleetRecord? record = FleetRecord.TryLoad(layout.FleetJson);
        if (record is null)
        {
            cli.Err.WriteLine($"error: fleet status: {layout.FleetJson} is missing or unreadable (not a directory written by fleet submit)");
            return ExitCodes.BadInput;
        }
        CultureInfo c = CultureInfo.InvariantCulture;
        cli.Out.WriteLine(string.Create(c, $"fleet {record.Name}: {record.Engine}, {record.Tasks} tasks, submitted {record.SubmittedUtc:u}{(record.ArrayJobId is null ? "" : $", array job {record.ArrayJobId}, merge job {record.MergeJobId}")}"));
        int done = 0;
        for (int i = 0; i < record.Tasks; i++)
        {
            string state = TaskState(layout.Task(i), out bool finished);
            if (finished)
                done++;
            cli.Out.WriteLine(string.Create(c, $"  task {i,4}: {state}"));
        }
        cli.Out.WriteLine(string.Create(c, $"{done} of {record.Tasks} tasks have a report"));
        if (record.ArrayJobId is not null && ExternalCommand.Find("squeue") is string squeue)
        {
            cli.Out.WriteLine("squeue:");
            (int rc, string err) = ExternalCommand.Run(squeue, ["-h", "-j", $"{record.ArrayJobId},{record.MergeJobId}", "-o", "  %i %T %R"], cli.Out.WriteLine);
            if (rc != 0)
                cli.Out.WriteLine($"  ({err})");
        }
        string merged = Path.Combine(layout.Merged, record.Mode == "explore" ? Explore.ExploreReport.FileName : "report.json");
        cli.Out.WriteLine(File.Exists(merged) ? $"merged: {merged}" : "merged: not yet (fleet merge DIR, or the merge job)");
        cli.Out.Flush();
        return ExitCodes.Ok;
    }

    private static string TaskState(string taskDir, out bool finished)
    {
        finished = false;
        string report = Path.Combine(taskDir, "report.json");
        string checkpoint = Path.Combine(taskDir, "checkpoint.json");
        string explore = Path.Combine(taskDir, Explore.ExploreReport.FileName);
        try
        {
            if (File.Exists(explore))
            {
                if (Explore.ExploreReport.Load(explore, out string? error) is not { } x)
                    return $"unreadable ({error})";
                finished = true;
                return string.Create(CultureInfo.InvariantCulture,
                    $"done ({x.EndReason}{(x.Finding is { } f ? " " + f.Invariant : "")}), {x.Executions:N0} executions of {x.Programs:N0} programs");
            }
            if (File.Exists(report))
            {
                using JsonDocument d = JsonDocument.Parse(File.ReadAllText(report));
                JsonElement o = d.RootElement.GetProperty("options");
                long ops = d.RootElement.GetProperty("patches").EnumerateArray().Sum(p => p.GetProperty("ops").GetInt64());
                finished = true;
                return string.Create(CultureInfo.InvariantCulture,
                    $"done ({(o.TryGetProperty("end_reason", out JsonElement er) ? er.GetString() : "?")}), {ops:N0} ops, seed {d.RootElement.GetProperty("seed").GetUInt64()}");
            }
            if (File.Exists(checkpoint))
            {
                using JsonDocument d = JsonDocument.Parse(File.ReadAllText(checkpoint));
                double s = d.RootElement.GetProperty("engine").GetProperty("elapsed_seconds").GetDouble();
                return string.Create(CultureInfo.InvariantCulture, $"running or interrupted ({s:0.#}s checkpointed)");
            }
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"unreadable ({e.Message})";
        }
        return "pending (no files yet)";
    }
}
