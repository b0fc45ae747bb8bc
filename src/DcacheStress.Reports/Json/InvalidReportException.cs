// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Json;

/// <summary>
/// A report file that cannot be read or does not have the <c>report.json</c> shape.
/// The message names the file and the problem, e.g.
/// <c>runs/a/report.json: $.patches[0].ops: expected an integer (line 12, column 14)</c>.
/// </summary>
public sealed class InvalidReportException : Exception
{
    public InvalidReportException()
        : this("(unknown file)", "invalid report")
    {
    }

    public InvalidReportException(string message)
        : this("(unknown file)", message)
    {
    }

    public InvalidReportException(string message, Exception innerException)
        : this("(unknown file)", message, innerException)
    {
    }

    public InvalidReportException(string filePath, string problem, Exception? innerException = null)
        : base($"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file (or source name) that was being read or written.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the file name.</summary>
    public string Problem { get; }
}
