using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary>/api/suites against the real lab: in-process silo, LiteDB on disk, real (tiny) training.</summary>
public sealed class SuitesApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly LabWebApplicationFactory lab = new();
    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        client = lab.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await lab.DisposeAsync();
        lab.DeleteData();
    }

    [Fact]
    public async Task A_table_runs_to_completion_with_cells_experiments_table_claims_and_exports()
    {
        var created = await client.PostAsJsonAsync("/api/suites", new { table = 2, preset = "smoke", datasets = new[] { "phantom-tiny-s3" }, iterations = 3 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith("suite-", id);
        Assert.Equal($"/api/suites/{id}", created.Headers.Location!.OriginalString);
        Assert.EndsWith($"/tables/{id}", body.GetProperty("url").GetString());
        Assert.Equal(4, body.GetProperty("cells").GetInt32());

        var suite = await WaitUntilFinished(id);
        Assert.Equal("completed", suite.GetProperty("status").GetString());
        Assert.Equal("tubule", suite.GetProperty("iouClassNames").GetString());
        Assert.Equal(("smoke", 3, 1), (suite.GetProperty("preset").GetString(), suite.GetProperty("iterations").GetInt32(), suite.GetProperty("seeds").GetInt32()));
        Assert.Equal((4, 4), (suite.GetProperty("cellsDone").GetInt32(), suite.GetProperty("cells").GetInt32()));

        var cells = suite.GetProperty("cellResults").EnumerateArray().ToArray();
        Assert.Equal(["1,1,1", "2,2,1", "3,3,2", "5,5,3"], cells.Select(c => c.GetProperty("row").GetString()));
        foreach (var cell in cells)
        {
            Assert.Equal("completed", cell.GetProperty("status").GetString());
            Assert.Equal(1, cell.GetProperty("ours").GetProperty("n").GetInt32());
            var run = Assert.Single(cell.GetProperty("runs").EnumerateArray());
            var experimentId = run.GetProperty("experimentId").GetString()!;
            Assert.EndsWith($"/experiments/{experimentId}", run.GetProperty("experimentUrl").GetString());
            Assert.False(run.GetProperty("reused").GetBoolean());
            var experiment = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{experimentId}");
            Assert.Equal("completed", experiment.GetProperty("status").GetString());
        }

        var table = suite.GetProperty("table");
        Assert.Equal("GT slices", table.GetProperty("rowHeader").GetString());
        Assert.Equal(["phantom-tiny-s3", "mean"], table.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var firstRow = table.GetProperty("rows")[0];
        // Compared by position: the first (here the only) dataset with the paper's S1.
        Assert.Equal(0.331, firstRow.GetProperty("cells")[0].GetProperty("paper").GetDouble());
        Assert.Equal(0.025, firstRow.GetProperty("extra").GetProperty("paper").GetDouble());
        Assert.True(table.GetProperty("complete").GetBoolean());
        Assert.Equal(4, table.GetProperty("chart").GetArrayLength());
        var claim = Assert.Single(suite.GetProperty("claims").EnumerateArray());
        Assert.Equal(2, claim.GetProperty("number").GetInt32());
        Assert.Contains(claim.GetProperty("verdict").GetString(), new[] { "holds", "does not hold" });
        Assert.Equal("holds", claim.GetProperty("paperVerdict").GetString());

        var csv = await client.GetAsync($"/api/suites/{id}/table.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("table,row,column,ours_mean,ours_sd,ours_n,paper,difference\n2,\"1,1,1\",GT voxels,", await csv.Content.ReadAsStringAsync());
        var markdown = await client.GetAsync(suite.GetProperty("markdownUrl").GetString());
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType!.MediaType);
        Assert.Contains("| GT slices | GT voxels: ours | paper | phantom-tiny-s3: ours | paper | Δ | mean: ours | paper | Δ |", await markdown.Content.ReadAsStringAsync());

        var list = await client.GetFromJsonAsync<JsonElement>("/api/suites");
        var listed = Assert.Single(list.EnumerateArray());
        Assert.Equal((id, 2, "completed"), (listed.GetProperty("id").GetString(), listed.GetProperty("table").GetInt32(), listed.GetProperty("status").GetString()));

        // The same request again reuses every experiment; fresh retrains.
        var again = await client.PostAsJsonAsync("/api/suites", new { table = 2, datasets = new[] { "phantom-tiny-s3" }, iterations = 3 });
        var reused = await WaitUntilFinished((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Equal(4, reused.GetProperty("runsReused").GetInt32());
        Assert.All(reused.GetProperty("cellResults").EnumerateArray(), c => Assert.True(c.GetProperty("runs")[0].GetProperty("reused").GetBoolean()));
    }

    [Theory]
    [InlineData("""{"preset":"smoke"}""", "table")]
    [InlineData("""{"table":4}""", "table")]
    [InlineData("""{"table":1,"preset":"enormous"}""", "preset")]
    [InlineData("""{"table":1,"seeds":0}""", "seeds")]
    [InlineData("""{"table":1,"seeds":11}""", "seeds")]
    [InlineData("""{"table":1,"datasets":["phantom-tiny-s1","my-embryo"]}""", "datasets")]
    [InlineData("""{"table":3,"datasets":["phantom-tiny-s1"]}""", "datasets")]
    [InlineData("""{"table":1,"iterations":0}""", "iterations")]
    [InlineData("""{"table":1,"seed":2}""", "seed")]
    [InlineData("""{"table":"one"}""", "table")]
    [InlineData("""{"table":1,""", "body")]
    public async Task Invalid_request_gets_400_naming_the_field(string json, string field)
    {
        var response = await client.PostAsync("/api/suites", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for '{field}' in {problem}");
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/suites")).EnumerateArray());
    }

    [Theory]
    [InlineData("/api/suites/suite-doesnotexist")]
    [InlineData("/api/suites/suite-doesnotexist/table.csv")]
    [InlineData("/api/suites/suite-doesnotexist/table.md")]
    public async Task Unknown_suite_is_404(string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("suite-doesnotexist", await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> WaitUntilFinished(string id)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var suite = await client.GetFromJsonAsync<JsonElement>($"/api/suites/{id}", timeout.Token);
            if (suite.GetProperty("status").GetString() != "running") return suite;
            await Task.Delay(200, timeout.Token);
        }
    }
}
