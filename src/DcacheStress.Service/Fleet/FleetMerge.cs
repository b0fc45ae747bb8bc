// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Compare;
using DcacheStress.Service.Cli;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// <c>fleet merge DIR</c>: <c>compare</c> over every <c>task-*/report.json</c> into
/// <c>DIR/merged/</c>, with its integrity checks (a missing task fails the merge unless
/// <c>--allow-partial</c>). The tables also go to <c>DIR/merged/compare.md</c>. A fleet of explore
/// tasks (task-*/explore.json) is merged by <see cref="Explore.ExploreMerge"/> into <c>merged/explore.json</c>.
/// </summary>
public static class FleetMerge
{
    /// <summary>Merge <paramref name="dir"/>; returns compare's exit code.</summary>
    public static int Run(string dir, bool allowPartial, CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var layout = new FleetLayout(dir);
        IReadOnlyList<string> explores = Explore.ExploreMerge.Find(layout.Dir);
        if (explores.Count > 0 && explores[0] != Path.Combine(layout.Dir, Explore.ExploreReport.FileName))
            return Explore.ExploreMerge.Run(explores, allowPartial, layout.Merged, cli);
        IReadOnlyList<string> reports = layout.Reports();
        if (reports.Count == 0)
        {
            cli.Err.WriteLine($"error: fleet merge: no task-*/report.json under {layout.Dir} (did the tasks run? see {layout.Logs})");
            return ExitCodes.BadInput;
        }
        FleetRecord? record = FleetRecord.TryLoad(layout.FleetJson);
        cli.Out.WriteLine($"fleet merge: {reports.Count} task reports{(record is null ? "" : $" of {record.Tasks} tasks")} under {layout.Dir}");
        var text = new StringWriter();
        int rc = CompareCommand.Run([.. reports], new CompareOptions { AllowPartial = allowPartial, OutDir = layout.Merged }, text);
        cli.Out.Write(text.ToString());
        if (rc == CompareCommand.ExitOk)
        {
            try
            {
                File.WriteAllText(Path.Combine(layout.Merged, "compare.md"), text.ToString());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                cli.Err.WriteLine($"warning: {Path.Combine(layout.Merged, "compare.md")} not written: {e.Message}");
            }
        }
        cli.Out.Flush();
        return rc;
    }
}
