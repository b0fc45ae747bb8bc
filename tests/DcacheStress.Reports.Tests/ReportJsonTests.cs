// SPDX-License-Identifier: GPL-2.0-only
using System.Text.Json;
using System.Text.Json.Nodes;
using DcacheStress.Reports.Json;
using DcacheStress.Reports.Model;

namespace DcacheStress.Reports.Tests;

public sealed class ReportJsonTests
{
    [Fact]
    public void SaveThenLoad_RealisticReport_RoundTripsEveryField()
    {
        using var dir = new TempDirectory();
        RunReport original = SampleReports.Realistic();
        string path = dir.File("report.json");

        ReportJson.Save(original, path);
        RunReport loaded = ReportJson.Load(path);

        Assert.Equal(ReportJson.Serialize(original), ReportJson.Serialize(loaded));
        Assert.Equal(original.Seed, loaded.Seed);
        Assert.Equal(original.Patches[0].Rounds[3].FirstHitSeconds, loaded.Patches[0].Rounds[3].FirstHitSeconds);
        Assert.Equal(original.Timeline!.Count, loaded.Timeline!.Count);
        Assert.Equal(original.CrashRecords![0].Events, loaded.CrashRecords![0].Events);
    }

    [Fact]
    public void Serialize_Report_UsesSnakeCaseNamesAndKeepsInvariantKeys()
    {
        JsonObject json = JsonNode.Parse(ReportJson.Serialize(SampleReports.Realistic()))!.AsObject();
        JsonObject patch = json["patches"]![0]!.AsObject();

        Assert.NotNull(json["started_utc"]);
        Assert.NotNull(json["machine"]!["cpu_model"]);
        Assert.NotNull(json["options"]!["race_windows"]);
        Assert.NotNull(patch["ops_per_second"]);
        Assert.NotNull(patch["first_hit_seconds"]);
        Assert.NotNull(patch["invariant_hits"]!["d_splice_alias.hashed"]);
        Assert.NotNull(patch["rounds"]![0]!["hits_by_invariant"]);
        Assert.NotNull(json["timeline"]![0]!["t_seconds"]);
        Assert.NotNull(json["sweep"]![0]!["seqcount_retry_ratio"]);
    }

    [Fact]
    public void Parse_FixedPatchWithoutHits_FirstHitIsNull()
    {
        RunReport report = ReportJson.Parse(ReportJson.Serialize(SampleReports.Small()), "small.json");

        Assert.Null(report.Patches[1].FirstHitSeconds);
        Assert.Contains("\"first_hit_seconds\": null", ReportJson.Serialize(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownOptionsAndSoak_ArePassedThrough()
    {
        JsonObject json = JsonNode.Parse(ReportJson.Serialize(SampleReports.Small()))!.AsObject();
        json["options"]!["pin_threads"] = true;
        json["soak"] = new JsonObject { ["hours"] = 12, ["samples"] = new JsonArray(1, 2, 3) };

        RunReport report = ReportJson.Parse(json.ToJsonString(), "extra.json");
        string again = ReportJson.Serialize(report);

        Assert.True(report.Options.Other!["pin_threads"].GetBoolean());
        Assert.Equal(12, report.Soak!.Value.GetProperty("hours").GetInt32());
        Assert.Contains("\"pin_threads\": true", again, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotJson_MessageNamesFileAndLine()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("broken/report.json", "{\n  \"version\": \"0.1.0\",\n  \"seed\": ,\n}");

        InvalidReportException e = Assert.Throws<InvalidReportException>(() => ReportJson.Load(path));

        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.FilePath);
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
        Assert.IsType<JsonException>(e.InnerException);
    }

    [Fact]
    public void Parse_WrongType_MessageNamesJsonPathAndExpectedType()
    {
        string json = ReportJson.Serialize(SampleReports.Small()).Replace("\"ops\": 30100000", "\"ops\": \"many\"", StringComparison.Ordinal);

        InvalidReportException e = Assert.Throws<InvalidReportException>(() => ReportJson.Parse(json, "r.json"));

        Assert.StartsWith("r.json: $.patches[0].ops: expected an integer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRequiredField_MessageNamesField()
    {
        JsonObject json = JsonNode.Parse(ReportJson.Serialize(SampleReports.Small()))!.AsObject();
        json["patches"]![0]!.AsObject().Remove("lookups");

        InvalidReportException e = Assert.Throws<InvalidReportException>(() => ReportJson.Parse(json.ToJsonString(), "r.json"));

        Assert.Equal("r.json: $.patches[0]: missing required field(s) 'lookups'", e.Message[..e.Message.IndexOf(" (line", StringComparison.Ordinal)]);
    }

    [Fact]
    public void Parse_NegativeCountAndDuplicatePatch_ListsBothProblems()
    {
        JsonObject json = JsonNode.Parse(ReportJson.Serialize(SampleReports.Small()))!.AsObject();
        json["patches"]![1]!["name"] = "v4.7-rc6";
        json["patches"]![0]!["rounds"]![1]!["active_seconds"] = -1;

        InvalidReportException e = Assert.Throws<InvalidReportException>(() => ReportJson.Parse(json.ToJsonString(), "r.json"));

        Assert.Contains("$.patches[1].name \"v4.7-rc6\" appears twice", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.patches[0].rounds[1].active_seconds must be a finite number ≥ 0 (is -1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyFile_SaysEmpty()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("report.json", "  \n");

        InvalidReportException e = Assert.Throws<InvalidReportException>(() => ReportJson.Load(path));

        Assert.Equal($"{path}: the file is empty (expected a report.json object)", e.Message);
    }

    [Fact]
    public void Load_MissingFile_SaysCannotRead()
    {
        using var dir = new TempDirectory();
        string path = dir.File("nope.json");

        InvalidReportException e = Assert.Throws<InvalidReportException>(() => ReportJson.Load(path));

        Assert.StartsWith($"{path}: cannot read the file", e.Message, StringComparison.Ordinal);
    }
}
