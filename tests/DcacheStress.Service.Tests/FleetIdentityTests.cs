// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Cli;
using DcacheStress.Service.Fleet;

namespace DcacheStress.Service.Tests;

public sealed class FleetContextTests
{
    private static readonly Dictionary<string, string> s_none = new(StringComparer.Ordinal);

    private static Dictionary<string, string> Map(params string[] kv)
    {
        var m = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < kv.Length; i += 2)
            m[kv[i]] = kv[i + 1];
        return m;
    }

    [Fact]
    public void Detect_NoFleetAnywhere_Null()
    {
        var errors = new List<string>();
        Assert.Null(FleetContext.Detect(s_none, Map("HOME", "/root"), null, errors));
        Assert.Empty(errors);
    }

    [Fact]
    public void Detect_SlurmArray_ReadsJobTaskAndCount()
    {
        var errors = new List<string>();
        FleetContext? f = FleetContext.Detect(s_none, Map("SLURM_ARRAY_JOB_ID", "4242", "SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "8"), 0x5eed, errors);
        Assert.Empty(errors);
        Assert.NotNull(f);
        Assert.Equal(FleetEngine.Slurm, f.Engine);
        Assert.Equal("4242", f.FleetId);
        Assert.Equal(3, f.TaskIndex);
        Assert.Equal(8, f.TaskCount);
        Assert.Equal(0x5eedUL, f.BaseSeed);
        Assert.Equal(FleetContext.DeriveTaskSeed(0x5eed, 3), f.TaskSeed);
    }

    [Fact]
    public void Detect_Kubernetes_IndexFromEnvIdFromOption()
    {
        var errors = new List<string>();
        FleetContext? f = FleetContext.Detect(Map("FleetId", "dcs-run42", "TaskCount", "4"), Map("JOB_COMPLETION_INDEX", "2"), 7, errors);
        Assert.Empty(errors);
        Assert.Equal(FleetEngine.Kubernetes, f!.Engine);
        Assert.Equal(("dcs-run42", 2, 4), (f.FleetId, f.TaskIndex, f.TaskCount));
    }

    [Fact]
    public void Detect_KubernetesWithoutFleetId_SaysWhereItComesFrom()
    {
        var errors = new List<string>();
        Assert.Null(FleetContext.Detect(s_none, Map("JOB_COMPLETION_INDEX", "2"), 7, errors));
        Assert.Contains("DCACHESTRESS__STRESS__FLEETID", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_OptionsWinOverTheEnvironment()
    {
        var errors = new List<string>();
        FleetContext? f = FleetContext.Detect(Map("TaskIndex", "5", "FleetId", "mine"), Map("SLURM_ARRAY_JOB_ID", "1", "SLURM_ARRAY_TASK_ID", "0"), 7, errors);
        Assert.Empty(errors);
        Assert.Equal(("mine", 5), (f!.FleetId, f.TaskIndex));
    }

    [Theory]
    [InlineData("3", "3", "--task-index: 3 is out of range for 3 tasks")]
    [InlineData("-1", null, "--task-index: -1 is negative")]
    [InlineData("x", null, "--task-index: 'x' is not a whole number")]
    [InlineData("0", "0", "--task-count: 0 is out of range")]
    public void Detect_BadIndexOrCount_OneLine(string index, string? count, string expected)
    {
        var errors = new List<string>();
        var options = Map("FleetId", "f", "TaskIndex", index);
        if (count is not null)
            options["TaskCount"] = count;
        Assert.Null(FleetContext.Detect(options, s_none, 7, errors));
        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_BadFleetId_Refused()
    {
        var errors = new List<string>();
        Assert.Null(FleetContext.Detect(Map("FleetId", "a b", "TaskIndex", "0"), s_none, 7, errors));
        Assert.StartsWith("--fleet-id: 'a b' is not a fleet id", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_FleetWithoutSeed_NeedsExplicitBaseSeed()
    {
        var errors = new List<string>();
        Assert.Null(FleetContext.Detect(s_none, Map("SLURM_ARRAY_JOB_ID", "9", "SLURM_ARRAY_TASK_ID", "1"), null, errors));
        Assert.StartsWith("--seed: fleet '9' task 1 needs an explicit base seed", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void DeriveTaskSeed_StableDistinctAndJsonSafe()
    {
        var seen = new HashSet<ulong>();
        for (int i = 0; i < 4096; i++)
        {
            ulong s = FleetContext.DeriveTaskSeed(0x5eed, i);
            Assert.True(s < 1UL << 53, $"task {i}: {s} is not exact in a double");
            Assert.True(seen.Add(s), $"task {i}: seed {s} repeats");
        }
        Assert.Equal(FleetContext.DeriveTaskSeed(0x5eed, 7), FleetContext.DeriveTaskSeed(0x5eed, 7));
        Assert.NotEqual(FleetContext.DeriveTaskSeed(0x5eed, 7), FleetContext.DeriveTaskSeed(0x5eee, 7));
    }
}

public sealed class RunLabelsTests
{
    [Fact]
    public void Parse_Pairs_SortedByKey()
    {
        SortedDictionary<string, string>? m = RunLabels.Parse("site=lab1, kernel=4.7-rc6", out string? error);
        Assert.Null(error);
        Assert.Equal(["kernel", "site"], m!.Keys);
        Assert.Equal("kernel=4.7-rc6,site=lab1", RunLabels.Format(m));
    }

    [Theory]
    [InlineData("site", "is not key=value")]
    [InlineData("1x=2", "is not key=value")]
    [InlineData("a-b=2", "is not key=value")]
    [InlineData("fleet_id=3", "'fleet_id' is reserved")]
    [InlineData("__x=3", "'__x' is reserved")]
    [InlineData("a=1,a=2", "'a' given twice")]
    public void Parse_Bad_OneLine(string text, string expected)
    {
        Assert.Null(RunLabels.Parse(text, out string? error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.StartsWith("--label: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void StressArgs_LabelTwice_Joined()
    {
        StressArgs a = StressArgs.Parse(["--label", "a=1", "--label=b=2"]);
        Assert.Empty(a.Errors);
        Assert.Equal("a=1,b=2", a.Values["Label"]);
        Assert.Contains("given twice", Assert.Single(StressArgs.Parse(["--seed", "1", "--seed", "2"]).Errors), StringComparison.Ordinal);
    }
}

public sealed class RunIdentityTests
{
    private static RunIdentity Task3() => new()
    {
        RunId = "01a23203-0000-7000-8000-000000000000",
        Host = "node7",
        Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["site"] = "lab1" },
        Fleet = new FleetContext { Engine = FleetEngine.Slurm, FleetId = "4242", TaskIndex = 3, TaskCount = 4, BaseSeed = 99 },
    };

    [Fact]
    public void InstanceId_FleetTask_OrRunId_OrUsersOwn()
    {
        Assert.Equal("4242/3", Task3().InstanceId);
        RunIdentity alone = RunIdentity.ForThisProcess();
        Assert.Equal(alone.RunId, alone.InstanceId);
        Assert.True(Guid.TryParse(alone.RunId, out Guid g) && g.Version == 7);
        Assert.NotEqual(alone.RunId, RunIdentity.ForThisProcess().RunId);
        Assert.Equal("mine", (Task3() with { InstanceIdOverride = "mine" }).InstanceId);
    }

    [Fact]
    public void CheckpointOptions_CarryBaseSeedNotTaskSeed()
    {
        Dictionary<string, string> o = Task3().CheckpointOptions();
        Assert.Equal("99", o["Seed"]);
        Assert.Equal(("4242", "3", "4", "site=lab1"), (o["FleetId"], o["TaskIndex"], o["TaskCount"], o["Label"]));
        Assert.Empty(RunIdentity.ForThisProcess().CheckpointOptions());
    }

    [Fact]
    public void ResourceAttributes_HostFleetAndLabels()
    {
        var attrs = Task3().ResourceAttributes().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("node7", attrs["host.name"]);
        Assert.Equal("4242", attrs["fleet.id"]);
        Assert.Equal(3L, attrs["fleet.task"]);
        Assert.Equal("lab1", attrs["label.site"]);
    }

    [Fact]
    public void FileSd_TargetAndLabels()
    {
        RunIdentity id = Task3();
        Assert.Equal("4242-3.json", FileSdTarget.FileName(id));
        Assert.Equal("node7:9464", FileSdTarget.Target(new Uri("http://0.0.0.0:9464/metrics"), id));
        Assert.Equal("127.0.0.1:41000", FileSdTarget.Target(new Uri("http://127.0.0.1:41000/metrics"), id));
        using var doc = System.Text.Json.JsonDocument.Parse(FileSdTarget.Render("node7:9464", id, 12345));
        var group = doc.RootElement[0];
        Assert.Equal("node7:9464", group.GetProperty("targets")[0].GetString());
        var labels = group.GetProperty("labels");
        Assert.Equal("3", labels.GetProperty("fleet_task").GetString());
        Assert.Equal("4242", labels.GetProperty("fleet_id").GetString());
        Assert.Equal("12345", labels.GetProperty("seed").GetString());
        Assert.Equal("lab1", labels.GetProperty("site").GetString());
    }
}

public sealed class OtlpSettingsTests
{
    [Fact]
    public void FromEnvironment_NoEndpoint_Off()
    {
        Assert.Null(OtlpSettings.FromEnvironment(new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc" }, out string? error));
        Assert.Null(error);
    }

    [Fact]
    public void FromEnvironment_BaseEndpoint_HttpProtobufWithSignalPath()
    {
        OtlpSettings? o = OtlpSettings.FromEnvironment(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4318/",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "5000",
        }, out string? error);
        Assert.Null(error);
        Assert.Equal("http/protobuf", o!.Protocol);
        Assert.Equal("http://collector:4318/v1/metrics", o.Endpoint.ToString());
        Assert.Equal(5000, o.IntervalMilliseconds);
    }

    [Fact]
    public void FromEnvironment_MetricsEndpointAndGrpc_AsGiven()
    {
        OtlpSettings? o = OtlpSettings.FromEnvironment(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = "http://prom:9090/api/v1/otlp/v1/metrics",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://ignored:4317",
        }, out _);
        Assert.Equal("http://prom:9090/api/v1/otlp/v1/metrics", o!.Endpoint.ToString());
        Assert.Equal(OtlpSettings.DefaultIntervalMilliseconds, o.IntervalMilliseconds);
        Assert.Equal("grpc", OtlpSettings.FromEnvironment(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://c:4317",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
        }, out _)!.Protocol);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' is not supported")]
    [InlineData("OTEL_METRIC_EXPORT_INTERVAL", "soon", "OTEL_METRIC_EXPORT_INTERVAL: 'soon' is not an interval")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318", "OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' is not an http(s) URL")]
    public void FromEnvironment_Bad_OneLine(string key, string value, string expected)
    {
        var env = new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://c:4318" };
        env[key] = value;
        Assert.Null(OtlpSettings.FromEnvironment(env, out string? error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void InstanceIdFromResourceAttributes_UsersOwnWins()
    {
        Assert.Equal("job42-task3", OtlpSettings.InstanceIdFromResourceAttributes(new Dictionary<string, string>
        {
            ["OTEL_RESOURCE_ATTRIBUTES"] = "fleet.job=42, service.instance.id=job42-task3",
        }));
        Assert.Null(OtlpSettings.InstanceIdFromResourceAttributes(new Dictionary<string, string> { ["OTEL_RESOURCE_ATTRIBUTES"] = "a=b" }));
    }
}
