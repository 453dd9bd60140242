using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary>Ablation grids through the HTTP API against the real lab: planned, trained, grouped, reused.</summary>
public sealed class AblationsApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private const string Grid = """
        {"name":"bn x slices","base":{"model":"3d","preset":"smoke","iterations":3},
         "axes":{"batchNorm":[true,false],"annotatedSlices":[[1,1,1],[2,2,2]]},"seeds":2}
        """;

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
    public async Task A_grid_runs_every_combination_with_every_seed_and_groups_them_and_runs_again_reusing_them()
    {
        var created = await Post("/api/ablations", Grid);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("abl-", body.GetProperty("id").GetString());
        Assert.Equal(8, body.GetProperty("runs").GetInt32());
        Assert.Equal("running", body.GetProperty("status").GetString());
        var id = body.GetProperty("id").GetString()!;

        var ablation = await WaitUntilFinished(id);
        Assert.Equal("completed", ablation.GetProperty("status").GetString());
        Assert.Equal((8, 8), (ablation.GetProperty("runs").GetInt32(), ablation.GetProperty("runsDone").GetInt32()));
        var groups = ablation.GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal(4, groups.Length);
        foreach (var group in groups)
        {
            Assert.Equal(2, group.GetProperty("n").GetInt32());
            Assert.Equal(2, group.GetProperty("experiments").GetArrayLength());
            Assert.Equal(2, group.GetProperty("meanIou").GetProperty("n").GetInt32());
            Assert.InRange(group.GetProperty("meanIou").GetProperty("mean").GetDouble(), 0, 1);
            Assert.Equal(3, group.GetProperty("classIou").GetArrayLength());
            Assert.Equal(["S1", "S2", "S3"], group.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("sample").GetString()));
        }
        Assert.Equal(JsonValueKind.False, groups[2].GetProperty("values").GetProperty("batchNorm").ValueKind);
        Assert.Equal([2, 2, 2], groups[3].GetProperty("values").GetProperty("annotatedSlices").EnumerateArray().Select(v => v.GetInt32()));
        var members = await client.GetFromJsonAsync<JsonElement>($"/api/experiments?ablation={id}&limit=50");
        Assert.Equal(8, members.GetProperty("total").GetInt32());
        Assert.All(members.GetProperty("items").EnumerateArray(), r => Assert.Contains(id, r.GetProperty("ablations").EnumerateArray().Select(a => a.GetString())));
        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/ablations")).EnumerateArray();
        Assert.Contains(listed, a => a.GetProperty("id").GetString() == id && a.GetProperty("kind").GetString() == "grid");

        // With runs of it finished here, the estimate uses their measured step time.
        var plan = await (await Post("/api/ablations?dryRun=true", Grid)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("smoke 3d", plan.GetProperty("estimateBasis").GetString());
        Assert.Contains("measured here", plan.GetProperty("estimateBasis").GetString());

        var again = await Post("/api/ablations", Grid);
        var rerun = await WaitUntilFinished((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Equal(8, rerun.GetProperty("runsReused").GetInt32());
        Assert.Equal(groups.Select(g => g.GetProperty("experiments").ToString()), rerun.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("experiments").ToString()));
    }

    [Fact]
    public async Task A_dry_run_counts_the_runs_and_estimates_their_time_without_starting_anything()
    {
        var response = await Post("/api/ablations?dryRun=true", Grid);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((8, 4), (plan.GetProperty("runs").GetInt32(), plan.GetProperty("groups").GetInt32()));
        Assert.True(plan.GetProperty("estimatedSeconds").GetDouble() > 0);
        Assert.Contains("smoke 3d", plan.GetProperty("estimateBasis").GetString());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/ablations")).GetArrayLength());
    }

    [Theory]
    [InlineData("""{"base":{"model":"3d"},"axes":{"bogus":[1]}}""", "axes.bogus")]
    [InlineData("""{"base":{"model":"3d"},"axes":{"model":["3d","4d"]}}""", "axes.model")]
    [InlineData("""{"base":{"model":"3d"},"axes":{"iterations":[1,2,3,4,5,6]},"seeds":100}""", "seeds")]
    [InlineData("""{"base":{"preset":"smoke"},"axes":{}}""", "base.model")]
    [InlineData("""{"base":{"model":"3d"},"axis":{}}""", "axis")]
    public async Task A_wrong_grid_gets_400_naming_the_axis_or_field(string json, string field)
    {
        var response = await Post("/api/ablations", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/ablations")).GetArrayLength());
    }

    [Fact]
    public async Task More_than_500_runs_are_refused()
    {
        var values = string.Join(",", Enumerable.Range(1, 51));
        var response = await Post("/api/ablations", $$"""{"base":{"model":"3d"},"axes":{"iterations":[{{values}}]},"seeds":10}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("510 runs", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("axes")[0].GetString());
    }

    private Task<HttpResponseMessage> Post(string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonElement> WaitUntilFinished(string id)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var ablation = await client.GetFromJsonAsync<JsonElement>($"/api/ablations/{id}", timeout.Token);
            if (ablation.GetProperty("status").GetString() != "running") return ablation;
            await Task.Delay(200, timeout.Token);
        }
    }
}
