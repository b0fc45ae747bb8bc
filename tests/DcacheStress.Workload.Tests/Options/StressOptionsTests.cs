// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;

namespace DcacheStress.Workload.Tests.Options;

public sealed class StressOptionsTests
{
    private static readonly StressOptions s_valid = new() { Patches = ["v4.7"] };

    private static IReadOnlyList<string> Validate(StressOptions o) => o.Validate(PatchCatalog.Names.ToArray());

    /// <summary>(case, the option the message must name, a word the message must contain).</summary>
    public static TheoryData<string, string, string> BadValues() => new()
    {
        { "threads 0", "--threads", "0" },
        { "threads 5000", "--threads", "5000" },
        { "unknown patch", "--patch", "v4.8" },
        { "no patch", "--patch", "at least one" },
        { "patch twice", "--patch", "twice" },
        { "round > duration", "--round", "longer than --duration" },
        { "round 0", "--round", "positive" },
        { "duration 0", "--duration", "positive" },
        { "churn 2", "--churn", "2" },
        { "churn -0.1", "--churn", "-0.1" },
        { "names 1", "--names", "1" },
        { "mounts 0", "--mounts", "0" },
        { "mounts 9", "--mounts", "9" },
        { "rpc latency -1", "--rpc-latency-ns", "-1" },
        { "attr cache scale -1", "--attr-cache-scale", "-1" },
        { "attr cache scale NaN", "--attr-cache-scale", "NaN" },
        { "fanout 0", "--fanout", "0" },
        { "depth 7", "--depth", "7" },
        { "d-hash-shift 3", "--d-hash-shift", "3" },
        { "d-hash-shift 25", "--d-hash-shift", "25" },
    };

    private static StressOptions Bad(string which) => which switch
    {
        "threads 0" => s_valid with { Threads = 0 },
        "threads 5000" => s_valid with { Threads = 5000 },
        "unknown patch" => s_valid with { Patches = ["v4.7", "v4.8"] },
        "no patch" => s_valid with { Patches = [] },
        "patch twice" => s_valid with { Patches = ["v4.7", "v4.7"] },
        "round > duration" => s_valid with { Duration = TimeSpan.FromSeconds(10), Round = TimeSpan.FromSeconds(11) },
        "round 0" => s_valid with { Round = TimeSpan.Zero },
        "duration 0" => s_valid with { Duration = TimeSpan.Zero },
        "churn 2" => s_valid with { Churn = 2 },
        "churn -0.1" => s_valid with { Churn = -0.1 },
        "names 1" => s_valid with { Names = 1 },
        "mounts 0" => s_valid with { Mounts = 0 },
        "mounts 9" => s_valid with { Mounts = 9 },
        "rpc latency -1" => s_valid with { RpcLatencyNs = -1 },
        "attr cache scale -1" => s_valid with { AttrCacheScale = -1 },
        "attr cache scale NaN" => s_valid with { AttrCacheScale = double.NaN },
        "fanout 0" => s_valid with { Fanout = 0 },
        "depth 7" => s_valid with { Depth = 7 },
        "d-hash-shift 3" => s_valid with { DHashShift = 3 },
        "d-hash-shift 25" => s_valid with { DHashShift = 25 },
        _ => throw new ArgumentOutOfRangeException(nameof(which), which, null),
    };

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(Validate(s_valid));
        Assert.Empty(Validate(s_valid with { Patches = PatchCatalog.Names.ToArray() }));
        Assert.Empty(Validate(s_valid with { Duration = TimeSpan.FromSeconds(5), Round = TimeSpan.FromSeconds(5) }));
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Validate_OneBadValue_OneMessageNamingTheOption(string which, string option, string mentions)
    {
        IReadOnlyList<string> errors = Validate(Bad(which));

        string error = Assert.Single(errors);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.Contains(mentions, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownPatch_ListsTheAllowedNames()
    {
        string error = Assert.Single(Validate(s_valid with { Patches = ["nope"] }));

        Assert.All(PatchCatalog.Names, n => Assert.Contains(n, error, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralBadValues_OneMessageEach()
    {
        var errors = Validate(s_valid with { Threads = 0, Churn = 2, Mounts = 0 });

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("--threads", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--churn", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--mounts", StringComparison.Ordinal));
    }

    [Fact]
    public void StressEngine_InvalidOptions_ThrowsWithTheMessages()
    {
        var e = Assert.Throws<ArgumentException>(() => new StressEngine(s_valid with { Threads = 0 }));

        Assert.Contains("--threads", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultThreads_RaceWorkloads_AtLeastFour()
    {
        Assert.True(StressOptions.DefaultThreads(WorkloadKind.OpenStorm) >= 4);
        Assert.True(StressOptions.DefaultThreads(WorkloadKind.Racer) >= 4);
        Assert.Equal(Environment.ProcessorCount, StressOptions.DefaultThreads(WorkloadKind.LookupHot));
    }

    [Theory]
    [InlineData("racer", WorkloadKind.Racer)]
    [InlineData("open-storm", WorkloadKind.OpenStorm)]
    [InlineData("lookup-hot", WorkloadKind.LookupHot)]
    public void WorkloadNames_ParseAndName_RoundTrip(string name, WorkloadKind kind)
    {
        Assert.True(WorkloadNames.TryParse(name, out WorkloadKind parsed));
        Assert.Equal(kind, parsed);
        Assert.Equal(name, WorkloadNames.Name(kind));
        Assert.False(WorkloadNames.TryParse(name.ToUpperInvariant(), out _));
    }
}
