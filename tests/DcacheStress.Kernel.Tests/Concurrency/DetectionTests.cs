// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel.Tests.Support;

namespace DcacheStress.Kernel.Tests.Concurrency;

/// <summary>
/// The concurrency checkers can fail: the same checkers as <see cref="LookupRaceTests"/> and
/// <see cref="ParallelLookupTests"/>, run against deliberately broken test-only code, must report.
/// </summary>
public sealed class DetectionTests(ITestOutputHelper output)
{
    [Fact]
    public void LookupChecker_ReaderSkippingSeqcountRetry_IsCaughtUnderRenameChurn()
    {
        var churn = new LookupChurn(new LookupChurn.Options
        {
            Dirs = 1, Names = 3, RefReaders = 0, RenamesOnly = true, ValidateSeq = false,
            StopOnMismatch = true, Duration = TimeSpan.FromSeconds(10),
        });

        LookupChurn.Result r = churn.Run();

        output.WriteLine(r.ToString());
        Assert.True(r.Mismatches > 0, "a reader that never validates d_seq was not caught: " + r);
        Assert.Empty(r.Stuck);
        Assert.True(r.Errors.Count == 0, string.Join(Environment.NewLine, r.Errors));
        churn.Fs.AssertFsckClean(quiescent: true); // the dcache itself stayed sound
    }

    [Fact]
    public void AllWaitersWakeCheck_WaitQueueDroppingAWakeUp_DetectsTheStuckWaiter()
    {
        var dropper = new WakeupDropper();
        var storm = new ParallelLookupStorm(new ParallelLookupStorm.Options
        {
            NewQueue = dropper.NewQueue,
            MinDuration = TimeSpan.FromSeconds(0.2),
            StopWhen = () => dropper.HasDropped,
            MaxDuration = TimeSpan.FromSeconds(10),
            JoinGrace = TimeSpan.FromSeconds(1),
        });

        ParallelLookupStorm.Result r = storm.Run();

        output.WriteLine(r.ToString());
        Assert.True(dropper.HasDropped, "no wake-up was dropped (nobody waited?)");
        Assert.NotEmpty(r.Stuck); // the checker saw the sleeper that was never woken

        dropper.Release();

        Assert.Empty(r.Threads!.Join(TimeSpan.FromSeconds(10)));
        r.Threads.AssertNoErrors();
        Assert.Equal(0, storm.Fs.Bug.TotalHits);
        storm.Fs.AssertFsckClean(quiescent: true);
    }
}
