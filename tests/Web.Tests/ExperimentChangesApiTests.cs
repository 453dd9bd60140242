using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary><c>PATCH</c> and <c>DELETE /api/experiments/{id}</c> on a lab without workers (runs stay queued until cancelled).</summary>
public sealed class ExperimentChangesApiTests : IAsyncLifetime
{
    private readonly LabWebApplicationFactory lab = new(workerSlots: 0);
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
    public async Task Patch_renames_tags_and_notes_and_get_and_the_list_echo_it()
    {
        var id = await Create("before");

        var patched = await Patch(id, """{"name":"after","tags":["sweep"," lr:0.01 ","SWEEP"],"note":"## Why\nTo see."}""");

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("after", body.GetProperty("config").GetProperty("name").GetString());
        Assert.Equal(["sweep", "lr:0.01"], Strings(body.GetProperty("tags")));
        var experiment = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
        Assert.Equal("## Why\nTo see.", experiment.GetProperty("note").GetString());
        Assert.Equal(["sweep", "lr:0.01"], Strings(experiment.GetProperty("tags")));
        Assert.Empty(Strings(experiment.GetProperty("ablations")));
        var row = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/experiments?tag=Sweep")).GetProperty("items").EnumerateArray());
        Assert.Equal(("after", true), (row.GetProperty("name").GetString(), row.GetProperty("hasNote").GetBoolean()));

        // Fields left out stay as they are; an empty note removes it.
        Assert.Equal(HttpStatusCode.OK, (await Patch(id, """{"note":""}""")).StatusCode);
        experiment = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
        Assert.Equal(JsonValueKind.Null, experiment.GetProperty("note").ValueKind);
        Assert.Equal("after", experiment.GetProperty("config").GetProperty("name").GetString());
        Assert.Equal(["sweep", "lr:0.01"], Strings(experiment.GetProperty("tags")));
    }

    [Theory]
    [InlineData("""{"name":""}""", "name", "1 to 200")]
    [InlineData("""{"name":3}""", "name", "wrong type")]
    [InlineData("""{"tags":["ok","a/b"]}""", "tags", "'a/b' has '/'")]
    [InlineData("""{"tags":"sweep"}""", "tags", "wrong type")]
    [InlineData("""{"tags":["x1234567890123456789012345678901234567890"]}""", "tags", "1 to 40 characters, not 41")]
    [InlineData("""{"colour":"red"}""", "colour", "not a field")]
    [InlineData("""{"note":"x",""", "body", "")]
    public async Task Bad_patch_gets_400_naming_the_field_and_changes_nothing(string json, string field, string says)
    {
        var id = await Create("untouched");

        var response = await Patch(id, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for '{field}' in {problem}");
        Assert.Contains(says, messages[0].GetString());
        Assert.Equal("untouched", (await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}")).GetProperty("config").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Too_many_tags_and_too_long_a_note_get_400()
    {
        var id = await Create("limits");
        var tags = JsonSerializer.Serialize(Enumerable.Range(0, 21).Select(i => $"t{i}"));
        var problem = await (await Patch(id, $$"""{"tags":{{tags}}}""")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("at most 20 tags, not 21", problem.GetProperty("errors").GetProperty("tags")[0].GetString());
        var note = await Patch(id, JsonSerializer.Serialize(new { note = new string('n', 20_001) }));
        Assert.Equal(HttpStatusCode.BadRequest, note.StatusCode);
        Assert.Contains("at most 20000 characters", (await note.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("note")[0].GetString());
    }

    [Fact]
    public async Task Patch_of_an_unknown_run_is_404_and_of_a_non_json_body_415()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Patch("exp-nothere", """{"name":"x"}""")).StatusCode);
        var id = await Create("plain");
        using var text = new StringContent("name=x", Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PatchAsync($"/api/experiments/{id}", text)).StatusCode);
    }

    [Fact]
    public async Task Queued_run_gets_409_until_cancelled_then_204_and_is_gone_everywhere()
    {
        var id = await Create("short-lived");
        var kept = await Create("kept");

        var refused = await client.DeleteAsync($"/api/experiments/{id}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("is queued", detail);
        Assert.Contains("cancel it first", detail);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/experiments/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/experiments/{id}/cancel", null)).StatusCode);
        var deleted = await client.DeleteAsync($"/api/experiments/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/experiments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/experiments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/experiments/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Patch(id, """{"name":"back"}""")).StatusCode);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/experiments");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(kept, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Running_run_gets_409_naming_its_status()
    {
        var id = await Create("busy");
        await lab.Services.GetRequiredService<IGrainFactory>().GetGrain<IExperimentGrain>(id).ReportStarted(1, "test", "cpu", 0);

        var refused = await client.DeleteAsync($"/api/experiments/{id}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Experiment is running", problem.GetProperty("title").GetString());
        Assert.Contains($"POST /api/experiments/{id}/cancel", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("exp-nothere")]
    [InlineData("not%20an%20id")]
    public async Task Delete_of_an_unknown_run_is_404(string id) =>
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/experiments/{id}")).StatusCode);

    private async Task<string> Create(string name)
    {
        var created = await client.PostAsJsonAsync("/api/experiments", new { name, model = "3d", iterations = 2 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<HttpResponseMessage> Patch(string id, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await client.PatchAsync($"/api/experiments/{id}", content);
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
