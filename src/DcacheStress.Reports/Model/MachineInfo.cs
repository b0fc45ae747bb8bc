// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Model;

/// <summary>The machine a run was measured on (benchmarks name their hardware).</summary>
public sealed class MachineInfo
{
    public required string CpuModel { get; init; }

    /// <summary>Logical processors seen by the runtime.</summary>
    public required int Cores { get; init; }

    /// <summary>Whether simultaneous multithreading (hyper-threads) is on.</summary>
    public required bool Smt { get; init; }

    public required string Os { get; init; }

    /// <summary>.NET runtime version.</summary>
    public required string Dotnet { get; init; }
}
