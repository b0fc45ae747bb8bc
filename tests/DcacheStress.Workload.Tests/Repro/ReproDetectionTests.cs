// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Workload.Repro;
using DcacheStress.Workload.Tests.Support;

namespace DcacheStress.Workload.Tests.Repro;

/// <summary>
/// design.md: "a test must fail if the detection is disabled". The same forced interleaving with the
/// invariant sites switched off comes out clean, so the matrix test above would fail.
/// </summary>
public sealed class ReproDetectionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("rc6-two-openers", "v4.7-rc6")]
    [InlineData("viro-three-openers", "viro-2016-07-03")]
    [InlineData("viro-ls-opendir", "viro-2016-07-03")]
    [InlineData("exact-alias-rehash", "v4.7")]
    public void Run_DetectionOff_BrokenPatchComesOutCleanAndDoesNotMatch(string repro, string patch)
    {
        ReproOutcome on = Runs.RunRepro(repro, patch, output);
        ReproOutcome off = Runs.RunRepro(repro, patch, output, detection: false);

        Assert.True(on.Matches, on.Verdict);
        Assert.True(off.Completed, off.Verdict);
        Assert.False(off.Hit, off.Verdict);
        Assert.Empty(off.Hits);
        Assert.Contains(" clean ", off.Verdict, StringComparison.Ordinal);
        Assert.False(off.Matches, "with detection off the broken patch still 'matched': " + off.Verdict);
        Assert.EndsWith("MISMATCH", off.Verdict, StringComparison.Ordinal);
    }
}
