// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Service.Configuration;
using DcacheStress.Workload;

namespace DcacheStress.Service.Cli;

/// <summary>Help of every mode.</summary>
public static class HelpText
{
    /// <summary>Top level.</summary>
    public static void TopLevel(TextWriter w)
    {
        w.WriteLine(ServiceVersion.Line);
        w.WriteLine();
        w.WriteLine("usage: DcacheStress.Service [stress] [options]     (./run.sh stress [options])");
        w.WriteLine("       DcacheStress.Service repro --list | NAME|all [--patch P,...]");
        w.WriteLine("       DcacheStress.Service compare FILE... [--force] [--out DIR]");
        w.WriteLine("       DcacheStress.Service crashes DIR... [--patch P] [--invariant I,...]");
        w.WriteLine("       DcacheStress.Service --version | --help | MODE --help");
        w.WriteLine();
        w.WriteLine("modes:");
        w.WriteLine("  stress    run patches in interleaved rounds on every core: Prometheus metrics, crash records, reports (default)");
        w.WriteLine("  repro     replay a known race deterministically through the race-window schedule");
        w.WriteLine("  compare   statistics over saved report.json files (other runs, other machines)");
        w.WriteLine("  crashes   Drokin's dump fields (d_flags, hashed, positive, program) over crash records");
        w.WriteLine();
        w.WriteLine("exit codes: 0 ran (whatever it found), 1 the run failed (repro: an outcome did not match), 2 bad input");
    }

    /// <summary>stress --help, with every option and its default.</summary>
    public static void Stress(TextWriter w)
    {
        w.WriteLine("usage: ./run.sh stress [options]");
        w.WriteLine();
        w.WriteLine("Runs every given patch in interleaved rounds (A B A B ...) on the same seeds, serves /metrics,");
        w.WriteLine("writes crash records for invariant hits and, at the end (or on Ctrl-C/SIGTERM), runs the dcache");
        w.WriteLine("fsck and writes report.json, report.md and report.html. A second Ctrl-C exits at once.");
        w.WriteLine();
        int width = StressOptionCatalog.All.Max(o => Left(o).Length) + 2;
        foreach (StressOptionInfo o in StressOptionCatalog.All.Where(o => !o.Diagnostic))
            w.WriteLine($"  {Left(o).PadRight(width)}{o.Help} (default: {o.Default})");
        w.WriteLine();
        w.WriteLine("diagnostics (test aids, not for normal runs):");
        foreach (StressOptionInfo o in StressOptionCatalog.All.Where(o => o.Diagnostic))
            w.WriteLine($"  {Left(o).PadRight(width)}{o.Help} (default: {o.Default})");
        w.WriteLine();
        w.WriteLine("Every few seconds the run writes checkpoint.json into its report dir (atomically); after a crash,");
        w.WriteLine("SIGKILL or power loss, --resume DIR continues it with the same options and seed, and its totals.");
        w.WriteLine("A worker stuck longer than --watchdog is reported (stall-<worker>.json); the run still ends on time,");
        w.WriteLine("writes its report and says \"could not stop N threads\" (exit 0: the report was written).");
        w.WriteLine();
        w.WriteLine($"patches:   {string.Join(", ", PatchCatalog.Names)}");
        w.WriteLine($"workloads: {string.Join(", ", WorkloadNames.All)}");
        w.WriteLine();
        w.WriteLine($"Every option can also be set in {SettingsLoader.FileName} (section \"{StressOptionCatalog.Section}\", key = the name in");
        w.WriteLine($"PascalCase, e.g. \"Duration\": \"90s\") beside the executable or in the working directory, or in the");
        w.WriteLine($"environment ({StressOptionCatalog.EnvironmentPrefix}STRESS__DURATION=90s). The command line wins, then the environment.");
        w.WriteLine("Bad input prints one line naming the option and exits 2 before anything is written.");
    }

    /// <summary>repro --help.</summary>
    public static void Repro(TextWriter w)
    {
        w.WriteLine("usage: ./run.sh repro --list");
        w.WriteLine("       ./run.sh repro NAME|all [--patch P,...]");
        w.WriteLine();
        w.WriteLine("Replays a known interleaving with real threads forced through the race-window sites, against");
        w.WriteLine("one patch or every catalogued patch (default). Prints the event trail and one verdict line per");
        w.WriteLine("patch; exits 0 when every outcome is what that patch should do (hit for the broken ones, clean");
        w.WriteLine("for the fixed ones), 1 otherwise, 2 on bad input.");
        w.WriteLine();
        w.WriteLine("  --list          the repros, with a description");
        w.WriteLine("  --patch P,...   patches to run against (default: every catalogued patch)");
        w.WriteLine("  --quiet         verdict lines only, no trail");
    }

    /// <summary>compare --help.</summary>
    public static void Compare(TextWriter w)
    {
        w.WriteLine("usage: ./run.sh compare FILE... [--force] [--out DIR]");
        w.WriteLine();
        w.WriteLine("Per-patch statistics over saved report.json files: throughput with a 95% CI, hits per 10^9 ops");
        w.WriteLine("with a Poisson 95% CI, time to first hit, and one verdict per pair of patches. Reports of the same");
        w.WriteLine("patch are merged (a fleet). Exit 0 ok, 1 the merged report could not be written, 2 bad input.");
        w.WriteLine();
        w.WriteLine("  --force     compare reports whose workload, race windows or round length differ");
        w.WriteLine("  --out DIR   also write the merged report.json, report.md and report.html into DIR");
    }

    private static string Left(StressOptionInfo o) => o.IsFlag ? o.Cli : $"{o.Cli} {o.Value}";
}
