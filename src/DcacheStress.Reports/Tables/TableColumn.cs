// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Tables;

/// <summary>A column header; numeric columns are right-aligned.</summary>
internal sealed record TableColumn(string Header, bool Numeric = false);
