// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Compare;

/// <summary>A loaded report and the file it came from.</summary>
public sealed record SourcedReport(string File, RunReport Report);
