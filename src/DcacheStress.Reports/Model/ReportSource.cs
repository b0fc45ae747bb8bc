// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Model;

/// <summary>One input file of a merged (fleet) report.</summary>
public sealed class ReportSource
{
    public required string File { get; init; }

    public required DateTimeOffset StartedUtc { get; init; }

    public required MachineInfo Machine { get; init; }

    public required ulong Seed { get; init; }

    public int? Threads { get; init; }

    /// <summary>The input's run id (see <see cref="ReportIdentity"/>); null for older reports.</summary>
    public string? RunId { get; init; }

    public string? Host { get; init; }

    public string? FleetId { get; init; }

    public int? TaskIndex { get; init; }

    public int? TaskCount { get; init; }

    public string? EndReason { get; init; }

    /// <summary>The harness build that wrote the input (service_version).</summary>
    public string? Build { get; init; }
}
