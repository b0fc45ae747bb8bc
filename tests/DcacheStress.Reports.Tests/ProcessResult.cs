// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Tests;

/// <summary>Exit code and captured output of a finished process.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public string Both => Stdout + Stderr;
}
