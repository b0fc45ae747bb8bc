// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Workload.Explore;

namespace DcacheStress.Service.Cli;

/// <summary><c>repro --schedule FILE [--patch P]</c>: replay a schedule file from <c>explore</c>.</summary>
internal static class ScheduleRepro
{
    /// <summary>Replay; exit 0 when the replay hits the file's invariant.</summary>
    public static int Run(string path, string? patchOverride, bool quiet, CliContext cli)
    {
        string full = Path.GetFullPath(path, cli.WorkingDirectory);
        ScheduleFile file;
        try
        {
            file = ScheduleFile.Parse(File.ReadAllText(full));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            cli.Err.WriteLine($"error: --schedule {path}: {e.Message}");
            return ExitCodes.BadInput;
        }
        string patchName = patchOverride ?? file.Patch;
        if (!PatchCatalog.TryCreate(patchName, out Patch patch))
        {
            cli.Err.WriteLine($"error: --schedule {path}: unknown patch '{patchName}' (allowed: {string.Join(", ", PatchCatalog.Names)})");
            return ExitCodes.BadInput;
        }
        cli.Out.WriteLine($"== schedule {Path.GetFileName(full)} vs {patch.Name} ({file.FoundBy})");
        foreach (string line in file.Program.Describe())
            cli.Out.WriteLine("   " + line);
        var outcome = ScheduleReplay.Run(patch, file.Program, file.Switches, wakeAll: file.WakeAll);
        if (!quiet && outcome.Result.Trace is { } trace)
        {
            foreach (string line in InterleavingText.Lines(outcome.Result.Names, trace))
                cli.Out.WriteLine("   " + line);
        }
        bool same = outcome.Finding == file.Invariant;
        string found = outcome.Hit ? "HIT " + string.Join(", ", outcome.Hits.Select(kv => $"{kv.Key}={kv.Value}")) + (outcome.FsckClean ? "" : " [fsck]") : "clean";
        cli.Out.WriteLine($"schedule vs {patch.Name}: {found} (expected {file.Invariant}; {outcome.Result.End}) {(same ? "OK" : "MISMATCH")}");
        return same ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
