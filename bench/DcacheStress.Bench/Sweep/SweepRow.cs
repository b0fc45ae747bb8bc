// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Bench.Sweep;

/// <summary>One measured row of the sweep table.</summary>
internal sealed record SweepRow(
    SweepImpl Impl,
    int Threads,
    double Churn,
    long Ops,
    double Seconds,
    long Lookups,
    long SeqRetries,
    bool HasSeqRetries,
    long InvariantHits,
    double CpuSeconds,
    double LoadAverage,
    double IdleBefore)
{
    /// <summary>Total ops/s.</summary>
    public double OpsPerSecond => Ops / Seconds;

    /// <summary>Ops/s per thread.</summary>
    public double PerThread => OpsPerSecond / Threads;

    /// <summary>Component lookups per second.</summary>
    public double LookupsPerSecond => Lookups / Seconds;

    /// <summary>Seqcount retries per component lookup (NaN for the baselines).</summary>
    public double SeqRetryRatio => HasSeqRetries && Lookups > 0 ? SeqRetries / (double)Lookups : double.NaN;

    /// <summary>Linear scaling: the reference row's per-thread rate × threads (set by the table).</summary>
    public double Linear { get; set; } = double.NaN;

    /// <summary>ops/s ÷ linear.</summary>
    public double Efficiency => OpsPerSecond / Linear;

    /// <summary>Ops per second of process CPU time (workers, GC and JIT threads together).</summary>
    public double OpsPerCpuSecond => Ops / CpuSeconds;

    /// <summary>The reference row's ops per CPU-second (set by the table).</summary>
    public double ReferenceOpsPerCpuSecond { get; set; } = double.NaN;

    /// <summary>
    /// Ops per CPU-second ÷ the reference row's: 1.0 when adding threads costs no extra CPU per op
    /// (no contention). Unlike <see cref="Efficiency"/> it does not fall when other processes take
    /// the CPUs, so it separates this code's scaling from a busy machine.
    /// </summary>
    public double CpuEfficiency => OpsPerCpuSecond / ReferenceOpsPerCpuSecond;

    /// <summary>CPU time used ÷ (wall time × threads): below 1 when threads waited or were descheduled.</summary>
    public double CpuShare => CpuSeconds / (Seconds * Threads);
}
