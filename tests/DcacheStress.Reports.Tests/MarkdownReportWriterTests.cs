// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Markdown;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Tests;

public sealed class MarkdownReportWriterTests
{
    private readonly string _md = MarkdownReportWriter.ToMarkdown(SampleReports.Realistic());

    [Fact]
    public void ToMarkdown_Realistic_HasHeaderWithMachineOptionsAndSeed()
    {
        Assert.StartsWith("# DcacheStress report\n", _md, StringComparison.Ordinal);
        Assert.Contains("- **Machine:** AMD EPYC 7763 64-Core Processor, 16 cores, SMT on", _md, StringComparison.Ordinal);
        Assert.Contains("- **Seed:** 104372538574596 (0x00005eed20160704)", _md, StringComparison.Ordinal);
        Assert.Contains("## Options", _md, StringComparison.Ordinal);
        Assert.Contains("| race_windows | true |", _md, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_Realistic_HasPatchTableWithOneRowPerPatch()
    {
        string[] table = Section("## Patches");

        Assert.StartsWith("| Patch | Filesystem | Rounds | Ops | Ops/s (mean ± 95% CI) | Hits | Hits / 10⁹ ops [95% CI] |", table[0], StringComparison.Ordinal);
        Assert.StartsWith("|---|---|---:|", table[1], StringComparison.Ordinal);
        Assert.Equal(4, table.Count(l => l.StartsWith("| v4.7", StringComparison.Ordinal) || l.StartsWith("| viro", StringComparison.Ordinal) || l.StartsWith("| revalidate", StringComparison.Ordinal)));
        Assert.Contains(table, l => l.StartsWith("| v4.7 | — | 12 |", StringComparison.Ordinal) && l.Contains("| 0 | 0 [0, ", StringComparison.Ordinal));
    }

    [Fact]
    public void ToMarkdown_Realistic_HasHitsByInvariantVerdictsSweepAndCrashRecords()
    {
        string[] hits = Section("## Hits by invariant");
        Assert.Equal("| Invariant | v4.7-rc6 | viro-2016-07-03 | v4.7 | revalidate-zero |", hits[0]);
        Assert.Contains(hits, l => l.StartsWith("| d_splice_alias.hashed |", StringComparison.Ordinal));

        Assert.Contains("v4.7-rc6 vs v4.7: hits ", _md, StringComparison.Ordinal);
        Assert.Contains("(rate ratio > ", _md, StringComparison.Ordinal);
        Assert.Contains("## Scaling sweep", _md, StringComparison.Ordinal);
        Assert.Contains("| global-lock | 16 |", _md, StringComparison.Ordinal);
        Assert.Contains("### d_splice_alias.hashed", _md, StringComparison.Ordinal);
        Assert.Contains("T5 d_splice_alias(inode 0x2a, #4711): BUG_ON(!d_unhashed(dentry))", _md, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_NoSweepNoCrashRecords_OmitsThoseSections()
    {
        string md = MarkdownReportWriter.ToMarkdown(SampleReports.Small());

        Assert.DoesNotContain("## Scaling sweep", md, StringComparison.Ordinal);
        Assert.DoesNotContain("## Crash records", md, StringComparison.Ordinal);
        Assert.Contains("## Verdicts", md, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_PipeInPatchName_IsEscapedInTables()
    {
        RunReport renamed = SampleReports.SmallWithFirstPatch(SampleReports.Patch("a|b", SampleReports.Round(0, 1000)));

        string md = MarkdownReportWriter.ToMarkdown(renamed);

        Assert.Contains("| a\\|b | — | 1 |", md, StringComparison.Ordinal);
    }

    private string[] Section(string heading)
    {
        string[] lines = _md.Split('\n');
        int start = Array.IndexOf(lines, heading);
        Assert.True(start >= 0, $"missing {heading}");
        return [.. lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|'))];
    }
}
