// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using DcacheStress.Kernel;
using DcacheStress.Service.Crash;
using DcacheStress.Service.Tests.Support;
using DcacheStress.Workload;

namespace DcacheStress.Service.Tests;

/// <summary>The hit path without a run: gating, the channel, the files.</summary>
public sealed class CrashRecorderTests
{
    private static StressEngine Engine() => new(new StressOptions
    {
        Patches = ["v4.7-rc6", "v4.7"],
        Threads = 2,
        Duration = TimeSpan.FromSeconds(1),
        Round = TimeSpan.FromSeconds(1),
        Names = 4,
    });

    [Fact]
    public async Task OnHit_FourHitsOfOnePair_ThreeRecordsWrittenNumberedPerInvariant()
    {
        using var tmp = new TempDirectory();
        using StressEngine engine = Engine();
        var recorder = new CrashRecorder(engine);
        Assert.Same(recorder, engine.HitListener);
        var task = new task_struct("w0", 1);
        PatchTarget rc6 = engine.Targets[0];
        for (int i = 0; i < 4; i++)
            recorder.OnHit(rc6, Invariant.d_splice_alias_hashed, null, task, 0.5 + i);
        recorder.OnHit(engine.Targets[1], Invariant.d_splice_alias_hashed, null, task, 2);
        recorder.Complete();
        var writer = new CrashRecordWriter(tmp.Path);
        await writer.RunAsync(recorder.Reader);

        Assert.Equal(4, recorder.Captured);
        Assert.Equal(0, recorder.Dropped);
        Assert.Equal(
            ["crash-d_splice_alias.hashed-1.json", "crash-d_splice_alias.hashed-2.json", "crash-d_splice_alias.hashed-3.json", "crash-d_splice_alias.hashed-4.json"],
            Directory.GetFiles(tmp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["v4.7-rc6", "v4.7-rc6", "v4.7-rc6", "v4.7"], writer.Summaries.Select(s => s.Patch));
        Assert.True(recorder.LastHitUnixSeconds(0) > 1e9);

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(tmp.File("crash-d_splice_alias.hashed-1.json")));
        JsonElement r = doc.RootElement;
        Assert.Equal("d_splice_alias.hashed", r.GetProperty("invariant").GetString());
        Assert.Equal("kernel_bug", r.GetProperty("kind").GetString());
        Assert.Equal("v4.7-rc6", r.GetProperty("patch").GetString());
        Assert.False(r.GetProperty("patch_expected_clean").GetBoolean());
        Assert.Equal("w0", r.GetProperty("thread").GetString());
        Assert.Equal(0.5, r.GetProperty("active_seconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("dentry").ValueKind);
    }

    [Fact]
    public void OnHit_ChannelFull_CountsDropsWithoutBlocking()
    {
        using StressEngine engine = Engine();
        var recorder = new CrashRecorder(engine);
        var task = new task_struct("w1", 2);
        int pairs = 0;
        // Nobody reads: after ChannelCapacity records every further first-three hit is a drop.
        foreach (PatchTarget t in engine.Targets)
        {
            foreach (Invariant inv in InvariantInfo.All)
            {
                for (int i = 0; i < CrashRecorder.KeepPerPair; i++)
                    recorder.OnHit(t, inv, null, task, 1);
                pairs++;
            }
        }
        long captured = (long)pairs * CrashRecorder.KeepPerPair;
        Assert.Equal(captured, recorder.Captured);
        Assert.Equal(captured - CrashRecorder.ChannelCapacity, recorder.Dropped);
    }

    [Fact]
    public void FormatArg_InvariantAndRaceSite_Named()
    {
        Assert.Equal("d_rehash.hashed", CrashRecorder.FormatArg(TraceEvent.invariant_hit, (int)Invariant.d_rehash_hashed));
        Assert.Equal(RaceSites.Name((RaceSite)0), CrashRecorder.FormatArg(TraceEvent.race_window, 0));
        Assert.Equal("17", CrashRecorder.FormatArg(TraceEvent.open_rpc, 17));
    }
}
