// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using DcacheStress.Service.Tests.Support;

namespace DcacheStress.Service.Tests;

/// <summary>Issue 4's <c>--json FILE</c> for one patch: the per-patch fields at the top level.</summary>
[Collection(StressRunCollection.Name)]
public sealed class SinglePatchJsonTests
{
    [Fact]
    public async Task Json_OnePatchNoMetrics_FieldsAtTopLevel()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        int code = await cli.RunAsync("stress", "--patch", "v4.7-rc6", "--duration", "1500ms", "--seed", "7", "--threads", "2",
            "--warmup", "0s", "--metrics-url", "none", "--json", "out/summary.json", "--report-dir", "out/report");
        Assert.True(code == 0, cli.Stdout + cli.Stderr);
        Assert.Contains("metrics     none", cli.Stdout, StringComparison.Ordinal);

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(tmp.File("out/summary.json")));
        JsonElement root = doc.RootElement;
        Assert.Equal("v4.7-rc6", root.GetProperty("patch").GetString());
        Assert.Equal("open-storm", root.GetProperty("workload").GetString());
        Assert.Equal(7UL, root.GetProperty("seed").GetUInt64());
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
        Assert.Equal(1.5, root.GetProperty("duration_seconds").GetDouble());
        Assert.True(root.GetProperty("ops").GetInt64() > 0);
        JsonElement hits = root.GetProperty("invariant_hits");
        Assert.Equal(JsonValueKind.Object, hits.ValueKind);
        Assert.Equal(hits.EnumerateObject().Any() ? JsonValueKind.Number : JsonValueKind.Null, root.GetProperty("first_hit_seconds").ValueKind);
        Assert.False(root.TryGetProperty("patches", out _));
        Assert.True(File.Exists(tmp.File("out/report/report.json")));
    }
}
