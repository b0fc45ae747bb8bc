// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Tables;

/// <summary>A table of display strings, rendered as Markdown or HTML by the writers.</summary>
internal sealed record ReportTable(
    string Title,
    IReadOnlyList<TableColumn> Columns,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    string? Note = null);
