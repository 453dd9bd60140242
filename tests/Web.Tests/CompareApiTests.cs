using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace UNet3D.Lab.Web.Tests;

/// <summary><c>/api/compare/runs.csv</c> and <c>series.csv</c>: the compare view's exports for its own query string.</summary>
public sealed class CompareApiTests(CompareLabFixture lab) : IClassFixture<CompareLabFixture>
{
    [Fact]
    public async Task Runs_csv_has_a_row_per_shown_run_with_its_group_configuration_and_metrics()
    {
        using var http = lab.CreateClient();
        var response = await http.GetAsync($"/api/compare/runs.csv?ids={string.Join(',', lab.Ids)}&groupBy=model&hidden={lab.Runs["2d/2"]}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("compare-runs.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var lines = Records(await response.Content.ReadAsStringAsync());
        var header = lines[0];
        Assert.Equal(["id", "label", "status", "group"], header[..4]);
        Assert.Contains("model", header);
        Assert.Contains("seed", header);
        Assert.Contains("meanIou", header);
        Assert.Contains("iou S3", header);
        Assert.Equal(4, lines.Count); // header + 3 shown runs
        var first = lines[1];
        Assert.Equal((lab.Runs["3d/1"], "completed", "3d"), (first[0], first[2], first[3]));
        Assert.Equal("0.8", first[Array.IndexOf(header, "meanIou")]);
        Assert.Equal(0.85, double.Parse(first[Array.IndexOf(header, "iou S1")], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Equal("10", first[Array.IndexOf(header, "durationSeconds")]);
        // A value with commas is quoted, and reads back whole.
        Assert.Equal("[2,2,2]", first[Array.IndexOf(header, "annotatedSlices")]);
    }

    [Fact]
    public async Task Series_csv_has_every_point_raw_and_smoothed()
    {
        using var http = lab.CreateClient();
        var text = await http.GetStringAsync($"/api/compare/series.csv?ids={lab.Runs["3d/1"]},{lab.Runs["2d/1"]}&series=loss,validationIou&smooth=0.5");
        var lines = Records(text);
        Assert.Equal(["id", "label", "group", "series", "step", "seconds", "value", "smoothed"], lines[0]);
        Assert.Equal(1 + 2 * 100 + 2 * 2, lines.Count);
        // Step 2 of run 3d/1: loss 0.5; smoothed (0.5 · 1 + 0.5 · 0.5) / 0.75 = 1 / 1.5.
        var second = lines[2];
        Assert.Equal(("loss", "2", "0.5"), (second[3], second[4], second[6]));
        Assert.Equal(1 / 1.5, double.Parse(second[7], System.Globalization.CultureInfo.InvariantCulture), 12);
    }

    /// <summary>The records of a CSV text, read by .NET's own RFC 4180 parser (quoted fields whole).</summary>
    private static List<string[]> Records(string csv)
    {
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(new StringReader(csv)) { HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var records = new List<string[]>();
        while (!parser.EndOfData) records.Add(parser.ReadFields()!);
        return records;
    }

    [Theory]
    [InlineData("?ids=exp-a&smooth=5", 400, "smooth")]
    [InlineData("?groupBy=model", 400, "ids")]
    [InlineData("?ids=exp-missing", 404, null)]
    [InlineData("?ablation=abl-missing", 404, null)]
    public async Task A_bad_query_gets_a_problem_naming_its_parameter_and_unknown_runs_a_404(string query, int status, string? parameter)
    {
        using var http = lab.CreateClient();
        var response = await http.GetAsync("/api/compare/runs.csv" + query);
        Assert.Equal(status, (int)response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (parameter is not null) Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
        else Assert.Contains("missing", problem.GetProperty("detail").GetString());
    }
}
