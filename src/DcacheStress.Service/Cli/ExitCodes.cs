// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Service.Cli;

/// <summary>Exit codes of every mode.</summary>
public static class ExitCodes
{
    /// <summary>Every exit code in one line, for the help of each mode.</summary>
    public const string Line = "exit codes: 0 ran (whatever it found), 1 the run failed (repro: an outcome did not match), 2 bad input (nothing written), 3 --fail-on tripped (reports written), 130 a second Ctrl-C/SIGTERM (reports not written)";

    /// <summary>The run ran (whatever it found, unless <c>--fail-on</c> says otherwise), or the command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The run itself failed (or, for repro, an outcome did not match its expectation).</summary>
    public const int Failed = 1;

    /// <summary>Bad input: an option, a setting or a file; nothing was written.</summary>
    public const int BadInput = 2;

    /// <summary>The run ran and wrote its reports, and found what <c>--fail-on</c> names (stress only).</summary>
    public const int FailOnTripped = 3;

    /// <summary>A second Ctrl-C/SIGTERM ended the process before the reports were written.</summary>
    public const int Interrupted = 130;
}
