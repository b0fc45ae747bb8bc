// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Repro;

/// <summary>What one repro did against one patch.</summary>
public sealed record ReproOutcome(
    string Repro,
    string Patch,
    bool Hit,
    bool ExpectedHit,
    IReadOnlyList<string> Trail,
    IReadOnlyDictionary<string, long> Hits,
    bool Completed,
    bool FsckClean)
{
    /// <summary>The outcome is what this patch should do (hit for broken ones, clean for fixed ones).</summary>
    public bool Matches => Completed && FsckClean && Hit == ExpectedHit;

    /// <summary>One verdict line.</summary>
    public string Verdict =>
        $"{Repro} vs {Patch}: {(Hit ? "HIT " + string.Join(", ", Hits.Select(kv => $"{kv.Key}={kv.Value}")) : "clean")}" +
        $" (expected {(ExpectedHit ? "hit" : "clean")}){(Completed ? "" : " [threads did not finish]")}{(FsckClean ? "" : " [fsck found structural errors]")} {(Matches ? "OK" : "MISMATCH")}";
}
