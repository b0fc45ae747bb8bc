// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Service.Cli;

/// <summary>Exit codes of every mode.</summary>
public static class ExitCodes
{
    /// <summary>The run ran (whatever it found), or the command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The run itself failed (or, for repro, an outcome did not match its expectation).</summary>
    public const int Failed = 1;

    /// <summary>Bad input: an option, a setting or a file; nothing was written.</summary>
    public const int BadInput = 2;

    /// <summary>A second Ctrl-C/SIGTERM ended the process before the reports were written.</summary>
    public const int Interrupted = 130;
}
