// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Service.Fleet;

/// <summary>Where a task's fleet identity came from.</summary>
public enum FleetEngine
{
    /// <summary>Given as options (<c>--fleet-id</c>, <c>--task-index</c>, <c>--task-count</c>).</summary>
    Options,

    /// <summary>A Slurm job array (<c>SLURM_ARRAY_JOB_ID</c>, <c>SLURM_ARRAY_TASK_ID</c>, <c>SLURM_ARRAY_TASK_COUNT</c>).</summary>
    Slurm,

    /// <summary>A Kubernetes Indexed Job (<c>JOB_COMPLETION_INDEX</c>).</summary>
    Kubernetes,
}

/// <summary>Names of <see cref="FleetEngine"/> values as they appear in reports and on the command line.</summary>
public static class FleetEngineNames
{
    /// <summary>The report/label name.</summary>
    public static string Name(FleetEngine e) => e switch
    {
        FleetEngine.Slurm => "slurm",
        FleetEngine.Kubernetes => "k8s",
        _ => "options",
    };
}
