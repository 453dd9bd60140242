using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary>A lab with no worker slot, so what these tests submit stays queued (none of it trains).</summary>
public sealed class IdleLabFixture : IAsyncLifetime
{
    public LabWebApplicationFactory Lab { get; } = new(workerSlots: 0);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Lab.DisposeAsync();
        Lab.DeleteData();
    }
}

/// <summary>Lab:MaxRunHours (72): a submission estimated to train longer is refused with the estimate unless it says "force": true.</summary>
public sealed class RunLengthLimitTests(IdleLabFixture fixture) : IClassFixture<IdleLabFixture>, IDisposable
{
    private readonly HttpClient client = fixture.Lab.CreateClient();

    public void Dispose() => client.Dispose();

    private Task<HttpResponseMessage> Post(string path, string json) =>
        client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    private static async Task<string> ForceError(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("force")[0].GetString()!;

    [Fact]
    public async Task A_paper_run_of_a_million_steps_on_a_cpu_lab_is_refused_in_days_and_accepted_with_force()
    {
        const string paper = """{"model":"3d","preset":"paper","iterations":1000000}""";
        var refused = await Post("/api/experiments", paper);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        // Nothing of the paper's network has run here: its nominal 23 s a step on a CPU, on one slot.
        var message = await ForceError(refused);
        Assert.StartsWith("training would take about 266 days on this lab (paper 3d: 23 s a step (nominal", message);
        Assert.Contains("longer than Lab:MaxRunHours (72 hours)", message);

        var forced = await Post("/api/experiments", """{"model":"3d","preset":"paper","iterations":1000000,"force":true}""");
        Assert.Equal(HttpStatusCode.Created, forced.StatusCode);
        var id = (await forced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var config = (await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}")).GetProperty("config");
        Assert.Equal(1_000_000, config.GetProperty("iterations").GetInt32());
        Assert.False(config.TryGetProperty("force", out _)); // an instruction to the API, not part of the experiment
    }

    [Fact]
    public async Task A_run_within_the_limit_needs_no_force_and_a_force_that_is_not_a_boolean_is_named()
    {
        Assert.Equal(HttpStatusCode.Created, (await Post("/api/experiments", """{"model":"3d","iterations":2}""")).StatusCode);
        // 3,000 steps of the paper's network: about 19 hours, within 72.
        Assert.Equal(HttpStatusCode.Created, (await Post("/api/experiments", """{"model":"3d","preset":"paper","iterations":3000}""")).StatusCode);

        var bad = await Post("/api/experiments", """{"model":"3d","force":"yes"}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("must be true or false, not \"yes\"", await ForceError(bad));
    }

    [Fact]
    public async Task A_grid_too_long_for_the_lab_is_refused_with_its_estimate_and_accepted_with_force()
    {
        const string grid = """{"base":{"model":"3d","preset":"paper","iterations":20000},"axes":{"batchNorm":[true,false]},"seeds":2""";
        var refused = await Post("/api/ablations", grid + "}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        // Four runs of 20,000 steps at 23 s on one slot.
        Assert.StartsWith("training would take about 21 days on this lab", await ForceError(refused));

        Assert.Equal(HttpStatusCode.Created, (await Post("/api/ablations", grid + ""","force":true}""")).StatusCode);
    }

    [Fact]
    public async Task A_table_run_too_long_for_the_lab_is_refused_with_its_estimate_and_accepted_with_force()
    {
        const string table = """{"table":1,"preset":"paper","iterations":20000""";
        var refused = await Post("/api/suites", table + "}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = await ForceError(refused);
        Assert.Matches("^training would take about [0-9]+ days on this lab \\(", message);
        Assert.Contains("longer than Lab:MaxRunHours (72 hours)", message);

        Assert.Equal(HttpStatusCode.Created, (await Post("/api/suites", table + ""","force":true}""")).StatusCode);
        // The smoke preset's table is minutes of training: no force needed.
        Assert.Equal(HttpStatusCode.Created, (await Post("/api/suites", """{"table":1}""")).StatusCode);
    }
}
