// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using System.Text.Json.Nodes;

namespace DcacheStress.Service.Fleet;

/// <summary>
/// <c>fleet submit --engine k8s</c>: an Indexed Job (one pod per task index,
/// <c>JOB_COMPLETION_INDEX</c> in its environment), a PodMonitor for the Prometheus Operator
/// (task index relabelled from the pod label), and a merge Job to apply once the first completes.
/// The fleet directory lives on a ReadWriteMany volume at <see cref="MountPath"/>. Rendered only:
/// no Kubernetes cluster can run here (docs/fleet.md).
/// </summary>
public static class K8sManifest
{
    /// <summary>Where the results volume is mounted in the pods.</summary>
    public const string MountPath = "/results";

    /// <summary>The harness inside the image (./run.sh publish names it so).</summary>
    public const string ImageHarness = "/app/dcachestress";

    /// <summary>The metrics port of every pod.</summary>
    public const int MetricsPort = 9464;

    /// <summary>The fleet directory inside the pods.</summary>
    public static string PodDir(FleetRequest r) => $"{MountPath}/{r.Name}";

    /// <summary>The environment of every task pod besides JOB_COMPLETION_INDEX (which the Job controller sets).</summary>
    public static IReadOnlyDictionary<string, string> TaskEnvironment(FleetRequest r) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DCACHESTRESS__STRESS__FLEETID"] = r.Name,
        ["DCACHESTRESS__STRESS__TASKCOUNT"] = r.Tasks.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The stress options of a fresh task (before --report-dir, which the script adds).</summary>
    public static IReadOnlyList<string> TaskStressArgs(FleetRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var args = new List<string>(r.StressArgs);
        if (!r.StressValues.ContainsKey("Threads"))
            args.AddRange(["--threads", r.Threads]);
        if (!r.StressValues.ContainsKey("MetricsUrl"))
            args.AddRange(["--metrics-url", string.Create(CultureInfo.InvariantCulture, $"http://0.0.0.0:{MetricsPort}"), "--metrics-bind-any"]);
        return args;
    }

    /// <summary>The pod's shell script: resume the task's checkpoint after a pod retry, else start the task.</summary>
    public static string TaskScript(FleetRequest r)
    {
        string dir = ShellWords.Quote(PodDir(r));
        if (r.Mode == "explore")
        {
            return string.Join('\n',
                $"task_dir={dir}/task-$JOB_COMPLETION_INDEX",
                "if [ -f \"$task_dir/explore.json\" ] && ! grep -q '\"end_reason\": \"signal\"' \"$task_dir/explore.json\"; then exit 0; fi",
                string.Create(CultureInfo.InvariantCulture,
                    $"exec {ImageHarness} explore {ShellWords.Join(r.StressArgs)} --fleet-id {ShellWords.Quote(r.Name)} --task-count {r.Tasks} --report-dir \"$task_dir\""),
                "");
        }
        string metrics = string.Create(CultureInfo.InvariantCulture, $"--metrics-url http://0.0.0.0:{MetricsPort} --metrics-bind-any");
        return string.Join('\n',
            $"task_dir={dir}/task-$JOB_COMPLETION_INDEX",
            "if [ -f \"$task_dir/checkpoint.json\" ]; then",
            "  grep -q '\"complete\": true' \"$task_dir/checkpoint.json\" && exit 0",
            $"  exec {ImageHarness} stress --resume \"$task_dir\" {metrics}",
            "fi",
            $"exec {ImageHarness} stress {ShellWords.Join(TaskStressArgs(r))} --report-dir \"$task_dir\"",
            "");
    }

    /// <summary>The Indexed Job.</summary>
    public static JsonObject Job(FleetRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        string cpu = r.CpusPerTask.ToString(CultureInfo.InvariantCulture);
        var env = new JsonArray();
        foreach ((string k, string v) in TaskEnvironment(r))
            env.Add(new JsonObject { ["name"] = k, ["value"] = v });
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject { ["name"] = r.Name, ["labels"] = Labels(r) },
            ["spec"] = new JsonObject
            {
                ["completionMode"] = "Indexed",
                ["completions"] = r.Tasks,
                ["parallelism"] = r.Tasks,
                // A failed index is retried on its own (Kubernetes 1.29+; GA in 1.33); the
                // retried pod resumes the task's checkpoint.
                ["backoffLimitPerIndex"] = 2,
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = Labels(r) },
                    ["spec"] = new JsonObject
                    {
                        ["restartPolicy"] = "Never",
                        // SIGTERM first: the harness stops, runs its fsck and writes its report.
                        ["terminationGracePeriodSeconds"] = 120,
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "stress",
                            ["image"] = r.Image,
                            ["command"] = new JsonArray("/bin/sh", "-c", TaskScript(r)),
                            ["env"] = env,
                            ["ports"] = new JsonArray(new JsonObject { ["name"] = "metrics", ["containerPort"] = MetricsPort }),
                            // Integer CPU request = limit: ProcessorCount then follows the quota.
                            ["resources"] = new JsonObject
                            {
                                ["requests"] = new JsonObject { ["cpu"] = cpu, ["memory"] = "1Gi" },
                                ["limits"] = new JsonObject { ["cpu"] = cpu, ["memory"] = "2Gi" },
                            },
                            ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "results", ["mountPath"] = MountPath }),
                        }),
                        ["volumes"] = Volumes(r),
                    },
                },
            },
        };
    }

    /// <summary>The PodMonitor (Prometheus Operator): every task pod's /metrics, labelled fleet_id and fleet_task.</summary>
    public static JsonObject PodMonitor(FleetRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new JsonObject
        {
            ["apiVersion"] = "monitoring.coreos.com/v1",
            ["kind"] = "PodMonitor",
            ["metadata"] = new JsonObject { ["name"] = r.Name, ["labels"] = Labels(r) },
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["dcachestress.io/fleet"] = r.Name } },
                ["podMetricsEndpoints"] = new JsonArray(new JsonObject
                {
                    ["port"] = "metrics",
                    ["path"] = "/metrics",
                    ["interval"] = "5s",
                    ["honorLabels"] = true,
                    ["relabelings"] = new JsonArray(
                        new JsonObject
                        {
                            ["sourceLabels"] = new JsonArray("__meta_kubernetes_pod_label_batch_kubernetes_io_job_completion_index"),
                            ["targetLabel"] = "fleet_task",
                        },
                        new JsonObject
                        {
                            ["sourceLabels"] = new JsonArray("__meta_kubernetes_pod_label_dcachestress_io_fleet"),
                            ["targetLabel"] = "fleet_id",
                        }),
                }),
            },
        };
    }

    /// <summary>The merge Job: <c>fleet merge</c> over the volume, to apply after the Indexed Job completes.</summary>
    public static JsonObject MergeJob(FleetRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var command = new JsonArray(ImageHarness, "fleet", "merge", PodDir(r));
        if (r.AllowPartial)
            command.Add("--allow-partial");
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject { ["name"] = r.Name + "-merge", ["labels"] = Labels(r) },
            ["spec"] = new JsonObject
            {
                ["backoffLimit"] = 0,
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["restartPolicy"] = "Never",
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "merge",
                            ["image"] = r.Image,
                            ["command"] = command,
                            ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "results", ["mountPath"] = MountPath }),
                        }),
                        ["volumes"] = Volumes(r),
                    },
                },
            },
        };
    }

    /// <summary>Write job.yaml, podmonitor.yaml and merge-job.yaml into <paramref name="dir"/>; returns their paths.</summary>
    public static IReadOnlyList<string> WriteAll(FleetRequest r, string dir)
    {
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        foreach ((string name, JsonObject doc) in new[] { ("job.yaml", Job(r)), ("podmonitor.yaml", PodMonitor(r)), ("merge-job.yaml", MergeJob(r)) })
        {
            string path = Path.Combine(dir, name);
            File.WriteAllText(path, "# Rendered by ./run.sh fleet submit --engine k8s (DcacheStress); see docs/fleet.md.\n" + YamlText.Write(doc));
            files.Add(path);
        }
        return files;
    }

    private static JsonObject Labels(FleetRequest r) => new()
    {
        ["app.kubernetes.io/name"] = "dcachestress",
        ["dcachestress.io/fleet"] = r.Name,
    };

    private static JsonArray Volumes(FleetRequest r) => new(new JsonObject
    {
        ["name"] = "results",
        ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = r.Pvc },
    });
}
