// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Model;

/// <summary>One row of a will-it-scale style thread sweep.</summary>
public sealed class SweepRow
{
    /// <summary>Implementation measured (a patch, or a baseline such as a global-lock dcache).</summary>
    public required string Impl { get; init; }

    public required int Threads { get; init; }

    /// <summary>Writer churn setting (fraction of mutating operations).</summary>
    public required double Churn { get; init; }

    public required double OpsPerSecond { get; init; }

    public required double PerThread { get; init; }

    /// <summary>Single-thread throughput times <see cref="Threads"/>.</summary>
    public required double Linear { get; init; }

    /// <summary><see cref="OpsPerSecond"/> / <see cref="Linear"/>.</summary>
    public required double Efficiency { get; init; }

    /// <summary>Seqcount retries per lookup.</summary>
    public required double SeqcountRetryRatio { get; init; }
}
