// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DcacheStress.Service.Fleet;
using DcacheStress.Service.Tests.Support;

namespace DcacheStress.Service.Tests;

[Collection(StressRunCollection.Name)]
public sealed class FleetRequestTests
{
    private static FleetRequest? Parse(out List<string> errors, params string[] args) => FleetRequest.Parse(args, "/work", out errors);

    [Fact]
    public void Parse_Full_ValuesAndStressOptions()
    {
        FleetRequest? r = Parse(out List<string> errors, "--engine", "slurm", "--tasks", "64", "--cpus-per-task=32", "--partition", "big", "--time", "4:00:00",
            "--dir", "runs/r42", "--wait", "--", "--duration", "4h", "--patch", "all", "--seed", "0x5eed");
        Assert.Empty(errors);
        Assert.Equal((64, 32, "big", "4:00:00", "/work/runs/r42", true), (r!.Tasks, r.CpusPerTask, r.Partition, r.Time, r.Dir, r.Wait));
        Assert.Equal(["--duration", "4h", "--patch", "all", "--seed", "0x5eed"], r.StressArgs);
        Assert.Equal("32", r.Threads);
    }

    [Theory]
    [InlineData("--tasks: required", "--dir", "d", "--", "--seed", "1")]
    [InlineData("--dir: the fleet directory is required", "--tasks", "2", "--", "--seed", "1")]
    [InlineData("--tasks: '0' is not a count", "--tasks", "0", "--dir", "d", "--", "--seed", "1")]
    [InlineData("--engine: 'nomad' is not an engine", "--engine", "nomad", "--tasks", "2", "--dir", "d", "--", "--seed", "1")]
    [InlineData("--image: --engine k8s needs the container image", "--engine", "k8s", "--tasks", "2", "--dir", "d", "--", "--seed", "1")]
    [InlineData("stress options after --: a fleet needs an explicit base seed", "--tasks", "2", "--dir", "d", "--", "--duration", "1s")]
    [InlineData("stress options after --: --report-dir is set by the fleet", "--tasks", "2", "--dir", "d", "--", "--seed", "1", "--report-dir", "x")]
    [InlineData("stress options after --: --bogus: unknown option", "--tasks", "2", "--dir", "d", "--", "--seed", "1", "--bogus", "x")]
    [InlineData("--time: 'soon' is not a Slurm time limit", "--tasks", "2", "--dir", "d", "--time", "soon", "--", "--seed", "1")]
    [InlineData("--dir: '/work/a b' has whitespace", "--tasks", "2", "--dir", "a b", "--", "--seed", "1")]
    [InlineData("--name: 'Big_Name' is not a job name", "--tasks", "2", "--dir", "d", "--name", "Big_Name", "--", "--seed", "1")]
    [InlineData("fleet submit: unknown option '--nodes'", "--tasks", "2", "--dir", "d", "--nodes", "4", "--", "--seed", "1")]
    public void Parse_Bad_NamesTheProblem(string expected, params string[] args)
    {
        Assert.Null(Parse(out List<string> errors, args));
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--patch", "v9.9", "error: stress options after --: --patch: ")]
    [InlineData("--duration", "soon", "error: stress options after --: --duration: 'soon' is not a duration")]
    [InlineData("--label", "1x=2", "error: stress options after --: --label: '1x=2' is not key=value")]
    public async Task Submit_BadStressValue_RefusedBeforeWritingAnything(string option, string value, string expected)
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        int rc = await cli.RunAsync("fleet", "submit", "--tasks", "2", "--dir", tmp.File("f"), "--dry-run", "--", "--seed", "1", option, value);
        Assert.Equal(2, rc);
        Assert.Contains(expected, cli.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tmp.File("f")));
    }

    [Fact]
    public async Task Submit_DryRun_WritesScriptsAndFleetJsonOnly()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        int rc = await cli.RunAsync("fleet", "submit", "--tasks", "2", "--dir", tmp.File("f"), "--dry-run", "--", "--seed", "1", "--duration", "2s");
        Assert.True(rc == 0, cli.Stderr);
        Assert.True(File.Exists(tmp.File("f/fleet.sbatch")));
        Assert.True(File.Exists(tmp.File("f/merge.sbatch")));
        Assert.Contains("\"tasks\": 2", File.ReadAllText(tmp.File("f/fleet.json")), StringComparison.Ordinal);
        Assert.Contains("--dry-run: nothing submitted", cli.Stdout, StringComparison.Ordinal);
        var status = new TestCli(tmp.Path);
        Assert.Equal(0, await status.RunAsync("fleet", "status", tmp.File("f")));
        Assert.Contains("task    1: pending (no files yet)", status.Stdout, StringComparison.Ordinal);
        var merge = new TestCli(tmp.Path);
        Assert.Equal(2, await merge.RunAsync("fleet", "merge", tmp.File("f")));
        Assert.Contains("no task-*/report.json under", merge.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void JobId_ParsableForms()
    {
        Assert.Equal("1234", FleetSubmitter.JobId("1234"));
        Assert.Equal("1234", FleetSubmitter.JobId("1234;cluster"));
        Assert.Null(FleetSubmitter.JobId("sbatch: error: x"));
    }
}

public sealed class SlurmScriptTests
{
    private static FleetRequest Request(params string[] stress) => FleetRequest.Parse(
        ["--tasks", "4", "--dir", "/shared/run1", "--cpus-per-task", "2", "--partition", "p", "--time", "30", "--", "--seed", "9", .. stress], "/", out _)!;

    [Fact]
    public void Array_HasArraySignalRequeueResumeAndTaskDirs()
    {
        FleetRequest r = Request("--label", "site=it's");
        string s = SlurmScript.Array(r, new FleetLayout(r.Dir), ["/opt/dcs/dcachestress"]);
        Assert.StartsWith("#!/bin/bash\n", s, StringComparison.Ordinal);
        foreach (string line in new[]
        {
            "#SBATCH --array=0-3", "#SBATCH --cpus-per-task=2", "#SBATCH --signal=B:TERM@120", "#SBATCH --requeue",
            "#SBATCH --partition=p", "#SBATCH --time=30", "#SBATCH --output=/shared/run1/logs/task-%a.out",
            "fleet_dir=/shared/run1", "harness=(/opt/dcs/dcachestress)",
            "  exec \"${harness[@]}\" stress --resume \"$task_dir\"",
            "exec \"${harness[@]}\" stress --seed 9 --label 'site=it'\\''s' --threads 4 --metrics-url http://127.0.0.1:0 \\",
            "  --task-count 4 --report-dir \"$task_dir\" --file-sd-dir \"$fleet_dir/targets\"",
        })
        {
            Assert.Contains(line + "\n", s, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Merge_RunsFleetMergeOnTheDir()
    {
        FleetRequest r = Request() with { AllowPartial = true };
        string s = SlurmScript.Merge(r, new FleetLayout(r.Dir), ["dotnet", "/x/DcacheStress.Service.dll"]);
        Assert.Contains("exec dotnet /x/DcacheStress.Service.dll fleet merge /shared/run1 --allow-partial\n", s, StringComparison.Ordinal);
    }

    [Fact]
    public void Array_ScriptParsesInBash()
    {
        using var tmp = new TempDirectory();
        FleetRequest r = Request("--label", "a=b c");
        string path = tmp.Write("fleet.sbatch", SlurmScript.Array(r, new FleetLayout(r.Dir), ["/bin/true"]));
        using Process p = Process.Start(new ProcessStartInfo("bash", ["-n", path]) { RedirectStandardError = true })!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
    }
}

/// <summary>The Kubernetes manifests, checked for structure (no cluster can run them here), and the task contract run locally.</summary>
[Collection(StressRunCollection.Name)]
public sealed class K8sManifestTests
{
    private static FleetRequest Request() => FleetRequest.Parse(
        ["--engine", "k8s", "--tasks", "4", "--dir", "/tmp/x", "--cpus-per-task", "2", "--image", "registry.example/dcs:0.1.0", "--name", "dcs-run42",
         "--", "--patch", "v4.7-rc6", "--duration", "1s", "--round", "500ms", "--seed", "0x5eed", "--warmup", "50ms"], "/", out _)!;

    [Fact]
    public void Job_IsAnIndexedJobWithTheTaskContract()
    {
        JsonObject job = K8sManifest.Job(Request());
        Assert.Equal("batch/v1", (string?)job["apiVersion"]);
        Assert.Equal("Job", (string?)job["kind"]);
        Assert.Equal("dcs-run42", (string?)job["metadata"]!["name"]);
        JsonNode spec = job["spec"]!;
        Assert.Equal("Indexed", (string?)spec["completionMode"]);
        Assert.Equal(4, (int?)spec["completions"]);
        Assert.Equal(4, (int?)spec["parallelism"]);
        JsonNode pod = spec["template"]!["spec"]!;
        Assert.Equal("Never", (string?)pod["restartPolicy"]);
        Assert.Equal("dcs-run42", (string?)spec["template"]!["metadata"]!["labels"]!["dcachestress.io/fleet"]);
        JsonNode c = pod["containers"]![0]!;
        Assert.Equal("registry.example/dcs:0.1.0", (string?)c["image"]);
        Assert.Equal(["/bin/sh", "-c"], c["command"]!.AsArray().Take(2).Select(n => (string?)n));
        string script = (string)c["command"]![2]!;
        Assert.Contains("task_dir=/results/dcs-run42/task-$JOB_COMPLETION_INDEX", script, StringComparison.Ordinal);
        Assert.Contains("stress --resume \"$task_dir\"", script, StringComparison.Ordinal);
        Assert.Contains("--seed 0x5eed", script, StringComparison.Ordinal);
        var env = c["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string)e!["value"]!);
        Assert.Equal("dcs-run42", env["DCACHESTRESS__STRESS__FLEETID"]);
        Assert.Equal("4", env["DCACHESTRESS__STRESS__TASKCOUNT"]);
        Assert.Equal("metrics", (string?)c["ports"]![0]!["name"]);
        Assert.Equal("2", (string?)c["resources"]!["limits"]!["cpu"]);
        Assert.Equal("/results", (string?)c["volumeMounts"]![0]!["mountPath"]);
        Assert.Equal("dcachestress-results", (string?)pod["volumes"]![0]!["persistentVolumeClaim"]!["claimName"]);
    }

    [Fact]
    public void PodMonitor_RelabelsTheCompletionIndex()
    {
        JsonObject pm = K8sManifest.PodMonitor(Request());
        Assert.Equal("monitoring.coreos.com/v1", (string?)pm["apiVersion"]);
        Assert.Equal("PodMonitor", (string?)pm["kind"]);
        JsonNode ep = pm["spec"]!["podMetricsEndpoints"]![0]!;
        Assert.Equal("metrics", (string?)ep["port"]);
        Assert.Contains(ep["relabelings"]!.AsArray(), r => (string?)r!["targetLabel"] == "fleet_task"
            && (string?)r["sourceLabels"]![0] == "__meta_kubernetes_pod_label_batch_kubernetes_io_job_completion_index");
        Assert.Equal("dcs-run42", (string?)pm["spec"]!["selector"]!["matchLabels"]!["dcachestress.io/fleet"]);
    }

    [Fact]
    public void MergeJob_RunsFleetMergeOnTheVolume()
    {
        JsonObject m = K8sManifest.MergeJob(Request());
        Assert.Equal("dcs-run42-merge", (string?)m["metadata"]!["name"]);
        Assert.Equal(["/app/dcachestress", "fleet", "merge", "/results/dcs-run42"],
            m["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]!.AsArray().Select(n => (string?)n));
    }

    /// <summary>The YAML files say what the model says: parsed back with PyYAML where it is installed.</summary>
    [Fact]
    public async Task Render_YamlFilesParseBackToTheModel()
    {
        using var tmp = new TempDirectory();
        var cli = new TestCli(tmp.Path);
        int rc = await cli.RunAsync("fleet", "submit", "--engine", "k8s", "--tasks", "4", "--dir", tmp.File("f"), "--cpus-per-task", "2",
            "--image", "registry.example/dcs:0.1.0", "--name", "dcs-run42", "--", "--patch", "v4.7-rc6", "--duration", "1s", "--round", "500ms",
            "--seed", "0x5eed", "--warmup", "50ms");
        Assert.True(rc == 0, cli.Stderr);
        Assert.Contains("kubectl apply -f ", cli.Stdout, StringComparison.Ordinal);
        string[] files = ["job.yaml", "podmonitor.yaml", "merge-job.yaml"];
        JsonObject[] models = [K8sManifest.Job(Request()), K8sManifest.PodMonitor(Request()), K8sManifest.MergeJob(Request())];
        for (int i = 0; i < files.Length; i++)
        {
            string yaml = tmp.File("f/k8s/" + files[i]);
            Assert.True(File.Exists(yaml));
            string? parsed = YamlToJson(yaml);
            if (parsed is null)
                Assert.Skip("python3 with PyYAML is not installed (apt-get install python3-yaml): structure checked on the model only");
            Assert.True(JsonNode.DeepEquals(models[i], JsonNode.Parse(parsed)), $"{files[i]} does not parse back to its model:\n{File.ReadAllText(yaml)}\n{parsed}");
        }
    }

    /// <summary>
    /// The task contract run locally: the pod's environment (JOB_COMPLETION_INDEX as the Job
    /// controller sets it, the manifest's env) and its stress options give a report with the k8s
    /// fleet block and the derived seed.
    /// </summary>
    [Fact]
    public async Task TaskContract_RunLocallyWithJobCompletionIndex()
    {
        using var tmp = new TempDirectory();
        FleetRequest r = Request();
        var env = new Dictionary<string, string>(K8sManifest.TaskEnvironment(r)) { ["JOB_COMPLETION_INDEX"] = "2" };
        List<string> args = ["stress", .. K8sManifest.TaskStressArgs(r).Select(a => a == "http://0.0.0.0:9464" ? "http://127.0.0.1:0" : a), "--report-dir", tmp.File("task-2")];
        args.Remove("--metrics-bind-any");
        var cli = new TestCli(tmp.Path, env);
        int rc = await cli.RunAsync([.. args]);
        Assert.True(rc == 0, $"exit {rc}\n{cli.Stdout}\n{cli.Stderr}");
        using JsonDocument d = JsonDocument.Parse(File.ReadAllText(tmp.File("task-2/report.json")));
        JsonElement f = d.RootElement.GetProperty("options").GetProperty("fleet");
        Assert.Equal("k8s", f.GetProperty("engine").GetString());
        Assert.Equal("dcs-run42", f.GetProperty("fleet_id").GetString());
        Assert.Equal(2, f.GetProperty("task_index").GetInt32());
        Assert.Equal(4, f.GetProperty("task_count").GetInt32());
        Assert.Equal(FleetContext.DeriveTaskSeed(0x5eed, 2), d.RootElement.GetProperty("seed").GetUInt64());
    }

    private static string? YamlToJson(string path)
    {
        try
        {
            using Process p = Process.Start(new ProcessStartInfo("python3", ["-c", "import sys, json, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", path])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            string output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

public sealed class YamlTextTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("true", "\"true\"")]
    [InlineData("4", "\"4\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("", "\"\"")]
    [InlineData("/results/x-1", "/results/x-1")]
    public void Scalar_QuotesWhatCouldBeMisread(string text, string expected) => Assert.Equal(expected, YamlText.Scalar(text));

    [Fact]
    public void Write_NestedBlocks()
    {
        var doc = new JsonObject { ["a"] = new JsonObject { ["b"] = 1 }, ["l"] = new JsonArray(new JsonObject { ["x"] = "v", ["z"] = new JsonArray("p", "q") }, "s") };
        Assert.Equal("a:\n  b: 1\nl:\n- x: v\n  z:\n  - p\n  - q\n- s\n", YamlText.Write(doc));
    }
}
