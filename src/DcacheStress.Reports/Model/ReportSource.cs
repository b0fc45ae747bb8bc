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
}
